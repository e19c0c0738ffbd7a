import autocannon from "autocannon";
import { create, toBinary } from "@bufbuild/protobuf";
import { ReadingBatchSchema } from "./dist/gen/sensors_pb.js";
let seq = 0;
const body = () => Buffer.from(toBinary(ReadingBatchSchema, create(ReadingBatchSchema, { readings: Array.from({ length: 500 }, () => ({ device: "p1", kind: "DHT22", timestamp: 1.6e9 + seq++ / 1000, data: { case: "dht", value: { temperature: 20, humidity: 50 } } })) })));
const bodies = Array.from({ length: 400 }, body);
let i = 0;
const r = await autocannon({ url: "http://127.0.0.1:18091/v1/telemetry/batch", connections: 8, duration: 5, requests: [{ method: "POST", setupRequest: (req) => ({ ...req, headers: { "content-type": "application/x-protobuf", authorization: "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJwMSIsImp0aSI6IkNhVzFVSnpKVk9tMzIwX1A2eXdubVEiLCJpc3MiOiJtaW1pYyIsImF1ZCI6Im1pbWljLWluZ2VzdCIsImlhdCI6MTc5NTYwMDg1OH0.VNa4bvbCCFgPjGL-5ChK6KOo7j8st9izB0F0LeAVEtE" }, body: bodies[i++ % 400] }) }] });
console.log(r["2xx"] / r.duration * 500, "readings/s", "p99", r.latency.p99, "non2xx", r.non2xx);
