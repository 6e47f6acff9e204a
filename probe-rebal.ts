import { Kafka, logLevel } from 'kafkajs';
import { KafkaBatchConsumer } from './lambda/adapters/kafka-batch-consumer';
import { KafkaStreamWriter } from './lambda/adapters/kafka-stream-writer';
import { startKafkaBroker } from './lib/local/kafka-broker';
(async () => {
  const b = await startKafkaBroker([{ name: 't', partitions: 4 }]);
  const k = (n: string) => new Kafka({ brokers: b.brokers, clientId: n, logLevel: n === 'b' ? logLevel.INFO : logLevel.NOTHING });
  const mk = (n: string) => new KafkaBatchConsumer({ kafka: k(n), topic: 't', groupId: 'g', batchSize: 40, handler: async () => { await new Promise((r) => setTimeout(r, 300)); return true; }, onAssigned: (p) => console.log(Date.now() % 100000, n, 'holds', p.join(',')) });
  const w = new KafkaStreamWriter({ kafka: k('p'), topic: 't' });
  await w.write(Array.from({ length: 2000 }, (_, i) => ({ partitionKey: String(i), data: 'x'.repeat(500) })));
  const a = mk('a'); await a.start();
  await new Promise((r) => setTimeout(r, 5000));
  console.log('starting b');
  const c = mk('b'); await c.start();
  await new Promise((r) => setTimeout(r, 25000));
  console.log(a.health(), c.health());
  await a.stop(); await c.stop(); await w.close(); await b.stop();
})();
