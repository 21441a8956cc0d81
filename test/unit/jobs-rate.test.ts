import { describe, expect, it } from "vitest";
import { averageRate, ClockOffset, etaMs, mergeSamples, nextLiveSamples, ratePoints, recentRate, type Sample } from "@/components/jobs/job-rate";

describe("mergeSamples", () => {
  it("orders series and live samples by time, one per timestamp", () => {
    expect(mergeSamples([[3000, 30], [1000, 10]], [[2000, 20], [3000, 31]])).toEqual([[1000, 10], [2000, 20], [3000, 31]]);
    expect(mergeSamples(undefined)).toEqual([]);
    expect(mergeSamples([[1, NaN], [2, 5]])).toEqual([[2, 5]]);
  });
});

describe("ratePoints", () => {
  it("is rows/s over at least minDt back, so bursts of close samples do not spike", () => {
    const s: Sample[] = [[0, 0], [1000, 100], [2000, 300], [2020, 310], [2040, 320], [3000, 400]];
    const got = ratePoints(s, 1000);
    expect(got.map((p) => p.t)).toEqual([1000, 2000, 2020, 2040, 3000]);
    [100, 200, 210 / 1.02, 220 / 1.04, 100].forEach((r, i) => expect(got[i].rate).toBeCloseTo(r, 9));
  });
  it("needs a span of minDt before the first point, and never goes negative", () => {
    expect(ratePoints([[0, 0], [100, 50], [200, 100]], 1000)).toEqual([]);
    expect(ratePoints([[0, 100], [1000, 50]], 1000)).toEqual([{ t: 1000, rate: 0 }]);
  });
});

describe("recentRate and ETA", () => {
  it("uses the last window of samples", () => {
    // 10 rows/s for 60 s, then 100 rows/s for 30 s
    const s: Sample[] = [];
    for (let t = 0; t <= 60; t += 5) s.push([t * 1000, t * 10]);
    for (let t = 65; t <= 90; t += 5) s.push([t * 1000, 600 + (t - 60) * 100]);
    expect(recentRate(s, 30_000)).toBeCloseTo(100, 6);
    expect(recentRate(s, 120_000)).toBeCloseTo(3600 / 90, 6);
  });
  it("leaves the flat start-up out", () => {
    // 28 s of workers starting, then 500 rows in 1.5 s
    expect(recentRate([[0, 0], [10_000, 0], [28_000, 0], [29_500, 500]])).toBeCloseTo(1000 / 3, 6);
    expect(recentRate([[0, 0], [10_000, 0]])).toBeNull();
  });
  it("widens a too-short window and is null without two samples far enough apart", () => {
    expect(recentRate([[0, 0]])).toBeNull();
    expect(recentRate([[0, 0], [100, 10]], 30_000, 500)).toBeNull();
    expect(recentRate([[0, 0], [10_000, 1000], [10_100, 1010]], 50, 500)).toBeCloseTo(1010 / 10.1, 6);
  });
  it("ETA: remaining / rate, 0 when done, null when the rate says nothing", () => {
    expect(etaMs(1000, 100)).toBe(10_000);
    expect(etaMs(0, null)).toBe(0);
    expect(etaMs(10, 0)).toBeNull();
    expect(etaMs(10, null)).toBeNull();
  });
  it("average rate between two instants", () => {
    expect(averageRate(500, "2026-01-01T00:00:00Z", "2026-01-01T00:00:05Z")).toBe(100);
    expect(averageRate(500, null, 1)).toBeNull();
    expect(averageRate(500, 5, 5)).toBeNull();
  });
});

describe("live samples", () => {
  it("adds a sample only after the series has been quiet, at most one a second, bounded", () => {
    const series: Sample[] = [[10_000, 100]];
    expect(nextLiveSamples([], series, 11_000, 100)).toEqual([]);
    let live = nextLiveSamples([], series, 12_500, 100);
    expect(live).toEqual([[12_500, 100]]);
    live = nextLiveSamples(live, series, 13_000, 100); // too soon after the last live one
    expect(live).toEqual([[12_500, 100]]);
    live = nextLiveSamples(live, series, 13_600, 100);
    expect(live).toEqual([[12_500, 100], [13_600, 100]]);
    // the series moves on: live samples stay (they are observations too) but none is added while it talks
    expect(nextLiveSamples(live, [...series, [13_900, 150]], 14_000, 150)).toEqual(live);
    expect(nextLiveSamples([[1, 0], [2, 0]], undefined, 5000, 0, 2000, 2)).toEqual([[2, 0], [5000, 0]]);
  });
  it("start-up samples before the first batch make the plot start at zero, and a stall drops the recent rate", () => {
    const live: Sample[] = [[0, 0], [2000, 0], [4000, 0]];
    const series: Sample[] = [[5000, 500], [6000, 1500]];
    const pts = ratePoints(mergeSamples(series, live));
    expect(pts[0]).toEqual({ t: 2000, rate: 0 });
    expect(pts[pts.length - 1]).toEqual({ t: 6000, rate: 1000 });
    expect(recentRate(mergeSamples([[0, 0], [10_000, 100]], [[15_000, 100], [20_000, 100]]), 10_000)).toBe(0);
  });
  it("clock offset: the largest updatedAt − now estimate wins", () => {
    const c = new ClockOffset();
    expect(c.serverNow(1000)).toBe(1000);
    c.observe(new Date(5000).toISOString(), 1000); // server 4 s ahead (at least)
    c.observe(new Date(5100).toISOString(), 1500); // a staler update: 3.6 s
    expect(c.serverNow(2000)).toBe(6000);
  });
});
