"""The learner loop written the usual way, in Python with confluent-kafka and River: the baseline
`streamwise learn` is compared with (docs/learner.md). Same job: consume JSON events, predict,
produce a prediction record, learn from the inline label, progressive accuracy, ADWIN on the error.

    pip install confluent-kafka river
    python3 examples/kafka/river_baseline.py --bootstrap 127.0.0.1:9092 --topic bench \
        --predictions bench-py-predictions [--model tree]

`--model logistic` (default): StandardScaler | LogisticRegression, as examples/kafka/learn.toml;
`--model tree`: HoeffdingTreeClassifier with River's defaults.

Stops at the end of the topic and prints events, accuracy and events/s (first to last event).
"""
import argparse
import json
import time

from confluent_kafka import Consumer, KafkaError, Producer
from river import drift, linear_model, metrics, preprocessing, tree


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bootstrap", default="127.0.0.1:9092")
    ap.add_argument("--topic", required=True)
    ap.add_argument("--predictions", required=True)
    ap.add_argument("--group", default=f"river-baseline-{int(time.time())}")
    ap.add_argument("--model", choices=["logistic", "tree"], default="logistic")
    args = ap.parse_args()

    consumer = Consumer({"bootstrap.servers": args.bootstrap, "group.id": args.group,
                         "auto.offset.reset": "earliest", "enable.partition.eof": True})
    producer = Producer({"bootstrap.servers": args.bootstrap, "linger.ms": 5})
    consumer.subscribe([args.topic])
    if args.model == "tree":
        model = tree.HoeffdingTreeClassifier()
    else:
        model = preprocessing.StandardScaler() | linear_model.LogisticRegression()
    accuracy = metrics.Accuracy()
    detector = drift.ADWIN()
    n = 0
    first = last = None
    while True:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        if msg.error():
            if msg.error().code() == KafkaError._PARTITION_EOF and n > 0:
                break
            continue
        event = json.loads(msg.value())
        y = event.pop("class") == "1"
        proba = model.predict_proba_one(event)
        y_pred = model.predict_one(event)
        producer.produce(args.predictions, key=msg.key(), value=json.dumps(
            {"topic": msg.topic(), "partition": msg.partition(), "offset": msg.offset(),
             "prediction": y_pred, "proba": {str(k): v for k, v in proba.items()}}))
        producer.poll(0)
        model.learn_one(event, y)
        accuracy.update(y, y_pred)
        detector.update(0.0 if y_pred == y else 1.0)
        n += 1
        if first is None:
            first = time.perf_counter()
        last = time.perf_counter()
    producer.flush()
    consumer.close()
    rate = (n - 1) / (last - first) if n > 1 else 0.0
    print(f"events={n} accuracy={accuracy.get()!r} run_events_per_second={rate:.0f}")


if __name__ == "__main__":
    main()
