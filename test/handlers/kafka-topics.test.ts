import { planTopic, topicSettings, TopicSettingError } from '../../lambda/handlers/kafka-topics';

const props = {
  Brokers: 'boot-abc.c1.kafka-serverless.us-east-1.amazonaws.com:9098',
  Topic: 'trendoff-posts',
  Partitions: '4',
  RetentionMs: '86400000',
};

describe('topicSettings', () => {
  test('GIVEN the custom resource properties WHEN read THEN brokers, topic, partitions and retention', () => {
    expect(topicSettings({ ...props, Brokers: 'a:9098, b:9098' })).toEqual({
      brokers: ['a:9098', 'b:9098'],
      topic: 'trendoff-posts',
      partitions: 4,
      retentionMs: 86_400_000,
    });
  });

  test.each([
    [{ Brokers: ' , ' }, /Brokers is empty/],
    [{ Topic: 'posts of debate' }, /Topic "posts of debate" is not a Kafka topic name/],
    [{ Partitions: '0' }, /Partitions must be a whole number ≥ 1, got "0"/],
    [{ RetentionMs: '1000' }, /RetentionMs must be whole milliseconds ≥ 60000, got "1000"/],
  ])('fails if a property is wrong: %p', (bad, message) => {
    expect(() => topicSettings({ ...props, ...bad })).toThrow(message);
  });
});

describe('planTopic', () => {
  const wanted = { topic: 'trendoff-posts', partitions: 4, retentionMs: 86_400_000 };

  test('GIVEN no topic WHEN planned THEN it is created with the partitions and retention', () => {
    expect(planTopic(undefined, wanted)).toEqual({ kind: 'create', partitions: 4, retentionMs: 86_400_000 });
  });

  test('GIVEN a topic with fewer partitions WHEN planned THEN partitions are added and the retention set', () => {
    expect(planTopic({ partitions: 2 }, wanted)).toEqual({
      kind: 'update',
      addPartitionsTo: 4,
      retentionMs: 86_400_000,
    });
    expect(planTopic({ partitions: 4 }, wanted)).toEqual({ kind: 'update', retentionMs: 86_400_000 });
  });

  test('fails if the setting has fewer partitions than the topic, naming the count to deploy with', () => {
    expect(() => planTopic({ partitions: 8 }, wanted)).toThrow(TopicSettingError);
    expect(() => planTopic({ partitions: 8 }, wanted)).toThrow(
      'topic trendoff-posts has 8 partitions and Kafka cannot remove any; deploy with shards=8 or more',
    );
  });
});
