/**
 * The gateway measures what hosted limits: the CPU time of each request (hosted stops a request
 * at 2 s) and each function process's memory, reported at /_internal/metrics and warned about
 * past the limits. The cpu-burn fixture spends a known amount of CPU by its own CPU clock.
 */
import assert from "node:assert/strict";
import type { FunctionMetrics } from "../../local/gateway.ts";
import { stackEnv } from "../helpers/test_env.ts";

async function metrics(): Promise<Record<string, FunctionMetrics>> {
  const response = await fetch(`${stackEnv.url}/_internal/metrics`);
  assert.equal(response.status, 200);
  return await response.json();
}

async function burn(cpuMs: number): Promise<void> {
  const response = await fetch(`${stackEnv.url}/functions/v1/cpu-burn`, {
    method: "POST",
    headers: { authorization: `Bearer ${stackEnv.serviceRoleKey}`, "content-type": "application/json" },
    body: JSON.stringify({ cpu_ms: cpuMs }),
  });
  assert.equal(response.status, 200);
  assert.equal((await response.json()).spent_ms, cpuMs);
}

Deno.test("the gateway counts each request's CPU time and flags one past hosted's 2 s", async () => {
  const before = (await metrics())["cpu-burn"];
  await burn(300);
  const small = (await metrics())["cpu-burn"];
  assert.equal(small.requests, before.requests + 1);
  // At least the 300 ms the function spent by its own clock, read in 10 ms ticks; under the limit.
  assert.ok(small.cpuMsLast >= 290 && small.cpuMsLast < 2000, JSON.stringify(small));
  assert.equal(small.overCpuLimit, before.overCpuLimit);

  await burn(2100);
  const big = (await metrics())["cpu-burn"];
  assert.equal(big.requests, before.requests + 2);
  assert.ok(big.cpuMsLast >= 2090, JSON.stringify(big));
  assert.equal(
    big.overCpuLimit,
    before.overCpuLimit + 1,
    "the request past 2,000 ms is counted as over the limit",
  );
  assert.ok(big.rssMb > 0 && big.peakRssMb >= big.rssMb, JSON.stringify(big));
});

Deno.test("each function reports its own process's memory", async () => {
  const all = await metrics();
  for (const name of ["ingest", "check-alerts", "track-usage", "weekly-report", "dashboard"]) {
    assert.ok(name in all, `${name} is reported`);
  }
  const response = await fetch(`${stackEnv.url}/functions/v1/track-usage?period=day`, {
    headers: { apikey: stackEnv.secretKey },
  });
  await response.body?.cancel();
  const tracked = (await metrics())["track-usage"];
  assert.ok(
    tracked.requests >= 1 && tracked.rssMb > 0 && tracked.peakRssMb >= tracked.rssMb,
    JSON.stringify(tracked),
  );
});
