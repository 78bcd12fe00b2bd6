// state_tool damage BOOTSTRAP TOPIC FROM_KEY TO_KEY: reads the newest intact checkpoint of state
// FROM_KEY from checkpoint topic TOPIC and writes it again as the next checkpoint of TO_KEY with
// one byte of its first chunk's data flipped (the chunk checksum no longer matches), so that the
// integration tests can check how `streamwise learn` treats a damaged checkpoint in the topic.

#include <cstdio>
#include <exception>
#include <string>

#include "state_topic.hpp"

using namespace streamwise::kafka;

int main(int argc, char** argv) {
  if (argc != 6 || std::string(argv[1]) != "damage") {
    std::fprintf(stderr, "usage: state_tool damage BOOTSTRAP TOPIC FROM_KEY TO_KEY\n");
    return 2;
  }
  try {
    const Settings settings{{"bootstrap.servers", argv[2]}};
    StateTopic reader(argv[3], settings, {}, 512 * 1024, false);
    reader.catch_up();
    const auto* from = reader.assembler().find(argv[4]);
    if (from == nullptr || from->complete.empty()) {
      std::fprintf(stderr, "state_tool: no intact checkpoint of '%s'\n", argv[4]);
      return 1;
    }
    const std::string& bytes = from->complete.front().bytes;
    std::uint64_t id = 1;
    if (const auto* to = reader.assembler().find(argv[5])) id = to->max_id + 1;
    auto chunks = encode_chunks(argv[5], id, bytes, 512 * 1024);
    std::string& first = chunks.front();
    first[first.size() - 1] = static_cast<char>(first[first.size() - 1] ^ 0x5A);
    Handle producer = make_handle(RD_KAFKA_PRODUCER, make_conf({{"bootstrap.servers", argv[2]},
                                                                {"enable.idempotence", "true"},
                                                                {"acks", "all"}}));
    for (std::uint32_t i = 0; i < chunks.size(); ++i) {
      const std::string key = chunk_record_key(argv[5], id, i);
      if (rd_kafka_producev(producer.get(), RD_KAFKA_V_TOPIC(argv[3]), RD_KAFKA_V_PARTITION(0),
                            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                            RD_KAFKA_V_KEY(const_cast<char*>(key.data()), key.size()),
                            RD_KAFKA_V_VALUE(chunks[i].data(), chunks[i].size()),
                            RD_KAFKA_V_END) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        std::fprintf(stderr, "state_tool: cannot produce\n");
        return 1;
      }
    }
    if (rd_kafka_flush(producer.get(), 60000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      std::fprintf(stderr, "state_tool: not delivered\n");
      return 1;
    }
    std::printf("wrote damaged checkpoint #%llu of '%s' (%zu chunks, %zu bytes)\n",
                (unsigned long long)id, argv[5], chunks.size(), bytes.size());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "state_tool: %s\n", e.what());
    return 1;
  }
}
