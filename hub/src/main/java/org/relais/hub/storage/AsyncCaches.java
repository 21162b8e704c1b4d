package org.relais.hub.storage;

import com.github.benmanes.caffeine.cache.AsyncCache;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/** Caffeine's asynchronous caches, loaded with Vert.x futures and answering on the caller's context. */
public final class AsyncCaches {
  private AsyncCaches() {}

  public static <K, V> Future<V> get(AsyncCache<K, V> cache, K key, Supplier<Future<V>> loader) {
    Context context = Vertx.currentContext();
    var stage = cache.get(key, (k, executor) -> loader.get().toCompletionStage().toCompletableFuture());
    return context == null ? Future.fromCompletionStage(stage) : Future.fromCompletionStage(stage, context);
  }
}
