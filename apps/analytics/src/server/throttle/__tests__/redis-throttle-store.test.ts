import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { createRedisThrottleStore } from "../redis-throttle-store";
import { describeThrottleStoreContract } from "./throttle-store-contract";

// A Redis at TEST_REDIS_URL, else the local one; each run uses its own key prefix.
const url = process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379";
const prefix = `embed-test:${randomBytes(6).toString("hex")}:`;
let redis: Redis | undefined;

async function deleteRunKeys(): Promise<void> {
  if (!redis) return;
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
}

describeThrottleStoreContract({
  name: "Redis",
  async open() {
    redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 3_000 });
    await redis.ping();
    return createRedisThrottleStore(redis, prefix);
  },
  reset: deleteRunKeys,
  async close() {
    await deleteRunKeys();
    await redis?.quit();
  },
});
