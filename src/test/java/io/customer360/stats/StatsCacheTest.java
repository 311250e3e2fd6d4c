package io.customer360.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Sharing, freshness and stale-while-recomputing of stats answers, on a clock the test moves. */
class StatsCacheTest {

  final AtomicLong clock = new AtomicLong();
  final AtomicInteger computed = new AtomicInteger();
  final StatsCache cache =
      StatsCache.inMemory(Duration.ofSeconds(1), Duration.ofSeconds(30), clock::get);

  private Uni<String> answer(String key) {
    return cache.get(key, () -> Uni.createFrom().item(() -> key + computed.incrementAndGet()));
  }

  private static <T> T await(Uni<T> uni) {
    return uni.await().atMost(Duration.ofSeconds(5));
  }

  private void at(double seconds) {
    clock.set((long) (seconds * 1e9));
  }

  @Test
  void aFreshAnswerIsSharedAndAnOlderOneIsServedWhileItIsRecomputed() {
    assertEquals("a1", await(answer("a")));
    at(0.9);
    assertEquals("a1", await(answer("a")));
    assertEquals("b2", await(answer("b")));
    assertEquals(2, computed.get());

    at(1.5);
    List<UniEmitter<? super String>> pending = new ArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    // stale: served as it is while one new answer is computed in the background
    assertEquals(
        "a1",
        await(
            cache.get(
                "a",
                () -> {
                  calls.incrementAndGet();
                  return Uni.createFrom().emitter(pending::add);
                })));
    at(1.6);
    assertEquals("a1", await(cache.get("a", () -> Uni.createFrom().item("not asked"))));
    assertEquals(1, calls.get());
    pending.get(0).complete("a-new");
    assertEquals("a-new", await(cache.get("a", () -> Uni.createFrom().item("not asked"))));

    at(40);
    // too old to serve: the request waits for the new answer
    assertEquals("a3", await(answer("a")));
  }

  @Test
  void concurrentRequestsShareOneComputationAndFailuresAreNotKept() {
    List<UniEmitter<? super String>> pending = new ArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    Uni<String> first =
        cache.get(
            "k",
            () -> {
              calls.incrementAndGet();
              return Uni.createFrom().emitter(pending::add);
            });
    Uni<String> second =
        cache.get(
            "k",
            () -> {
              calls.incrementAndGet();
              return Uni.createFrom().item("other");
            });
    AtomicReference<String> a = new AtomicReference<>();
    AtomicReference<String> b = new AtomicReference<>();
    first.subscribe().with(a::set);
    second.subscribe().with(b::set);
    assertEquals(1, calls.get());
    pending.get(0).complete("shared");
    assertEquals("shared", a.get());
    assertEquals("shared", b.get());

    Uni<String> failing =
        cache.get("f", () -> Uni.createFrom().failure(new IllegalStateException("down")));
    assertThrows(IllegalStateException.class, () -> await(failing));
    assertEquals("f-ok", await(cache.get("f", () -> Uni.createFrom().item("f-ok"))));
  }

  @Test
  void aFailedRecomputationKeepsTheOldAnswerUntilItIsTooOld() {
    assertEquals("a1", await(answer("a")));
    at(2);
    assertEquals("a1", await(cache.get("a", StatsCacheTest::down)));
    assertEquals("a1", await(cache.get("a", StatsCacheTest::down)));
    at(40);
    assertThrows(IllegalStateException.class, () -> await(cache.get("a", StatsCacheTest::down)));
    assertEquals("a2", await(answer("a")));
  }

  private static Uni<String> down() {
    return Uni.createFrom().failure(new IllegalStateException("down"));
  }

  @Test
  void freshForZeroComputesEveryAnswer() {
    StatsCache none = StatsCache.inMemory(Duration.ZERO, Duration.ZERO, clock::get);
    AtomicInteger n = new AtomicInteger();
    assertEquals(1, await(none.get("k", () -> Uni.createFrom().item(n::incrementAndGet))));
    assertEquals(2, await(none.get("k", () -> Uni.createFrom().item(n::incrementAndGet))));
  }
}
