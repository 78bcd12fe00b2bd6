// create_topic BOOTSTRAP TOPIC PARTITIONS: creates a topic with librdkafka's admin API (the
// broker's auto-creation makes one-partition topics; the consumer-group test needs four).

#include <librdkafka/rdkafka.h>

#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: create_topic BOOTSTRAP TOPIC PARTITIONS\n");
    return 2;
  }
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  if (rd_kafka_conf_set(conf, "bootstrap.servers", argv[1], err, sizeof err) != RD_KAFKA_CONF_OK) {
    std::fprintf(stderr, "%s\n", err);
    return 1;
  }
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (rk == nullptr) {
    std::fprintf(stderr, "%s\n", err);
    return 1;
  }
  rd_kafka_NewTopic_t* topic =
      rd_kafka_NewTopic_new(argv[2], std::atoi(argv[3]), 1, err, sizeof err);
  rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
  rd_kafka_CreateTopics(rk, &topic, 1, nullptr, queue);
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, 30000);
  int status = 1;
  if (event == nullptr) {
    std::fprintf(stderr, "create_topic: no answer from the broker\n");
  } else if (rd_kafka_event_error(event)) {
    std::fprintf(stderr, "create_topic: %s\n", rd_kafka_event_error_string(event));
  } else {
    const rd_kafka_CreateTopics_result_t* result = rd_kafka_event_CreateTopics_result(event);
    size_t n = 0;
    const rd_kafka_topic_result_t** topics = rd_kafka_CreateTopics_result_topics(result, &n);
    status = 0;
    for (size_t i = 0; i < n; ++i) {
      if (rd_kafka_topic_result_error(topics[i])) {
        std::fprintf(stderr, "create_topic: %s: %s\n", rd_kafka_topic_result_name(topics[i]),
                     rd_kafka_topic_result_error_string(topics[i]));
        status = 1;
      }
    }
  }
  if (event) rd_kafka_event_destroy(event);
  rd_kafka_queue_destroy(queue);
  rd_kafka_NewTopic_destroy(topic);
  rd_kafka_destroy(rk);
  return status;
}
