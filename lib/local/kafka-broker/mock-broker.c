/*
 * A Kafka-protocol broker on loopback for `trendoff local --stream kafka` and the tests: librdkafka's
 * built-in mock cluster (rdkafka_mock.h), which speaks the real wire protocol to any client.
 *
 * Usage: mock-broker TOPIC:PARTITIONS...
 *   Creates each topic through the mock's own API (its CreateTopics admin request is unsupported),
 *   prints the bootstrap address ("127.0.0.1:PORT") as one line on stdout, then serves until its
 *   stdin closes (the parent went away) or it gets SIGTERM/SIGINT. Errors go to stderr as one line,
 *   exit status 1.
 *
 * Built with gcc on first use by lib/local/kafka-broker.ts (needs Debian's librdkafka-dev).
 */
#include <errno.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stopping = 0;

static void on_signal(int sig) {
  (void)sig;
  stopping = 1;
}

int main(int argc, char **argv) {
  char errstr[512];
  if (argc < 2) {
    fprintf(stderr, "usage: %s TOPIC:PARTITIONS...\n", argv[0]);
    return 2;
  }
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  /* The handle only hosts the mock cluster; keep its own logging quiet. */
  rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (rk == NULL) {
    fprintf(stderr, "mock-broker: cannot create a librdkafka handle: %s\n", errstr);
    return 1;
  }
  rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, 1);
  if (mc == NULL) {
    fprintf(stderr, "mock-broker: cannot start the mock cluster\n");
    return 1;
  }
  for (int i = 1; i < argc; i++) {
    char *spec = argv[i];
    char *colon = strrchr(spec, ':');
    char *end = NULL;
    long partitions = colon == NULL ? 0 : strtol(colon + 1, &end, 10);
    if (colon == NULL || colon == spec || end == NULL || *end != '\0' || partitions < 1 ||
        partitions > 1000) {
      fprintf(stderr, "mock-broker: topic \"%s\" must be NAME:PARTITIONS (1-1000)\n", spec);
      return 1;
    }
    *colon = '\0';
    rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(mc, spec, (int)partitions, 1);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      fprintf(stderr, "mock-broker: cannot create topic %s: %s\n", spec, rd_kafka_err2str(err));
      return 1;
    }
  }
  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
  printf("%s\n", rd_kafka_mock_cluster_bootstraps(mc));
  fflush(stdout);

  /* Serve until stdin closes or a signal arrives. */
  struct pollfd in = {.fd = STDIN_FILENO, .events = POLLIN};
  char buf[256];
  while (!stopping) {
    int n = poll(&in, 1, 500);
    if (n < 0 && errno != EINTR) break;
    if (n > 0) {
      ssize_t got = read(STDIN_FILENO, buf, sizeof buf);
      if (got <= 0) break;
    }
  }
  rd_kafka_mock_cluster_destroy(mc);
  rd_kafka_destroy(rk);
  return 0;
}
