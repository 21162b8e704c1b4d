package org.relais.hub.storage;

import com.github.benmanes.caffeine.cache.AsyncCache;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/**
 * Caffeine's asynchronous caches, loaded with Vert.x futures and answering on the caller's context.
 *
 * <p>A load that failed because the database was out of reach fails as a cancellation whose cause is that
 * failure (so it still answers 503): Caffeine logs every other failed load with its stack trace, which during
 * an outage would be one trace per request.
 */
public final class AsyncCaches {
  private AsyncCaches() {}

  public static <K, V> Future<V> get(AsyncCache<K, V> cache, K key, Supplier<Future<V>> loader) {
    Context context = Vertx.currentContext();
    var stage = cache.get(key, (k, executor) -> loader.get()
        .recover(failure -> Future.<V>failedFuture(SqlErrors.isUnavailable(failure) ? cancelled(failure) : failure))
        .toCompletionStage().toCompletableFuture());
    return context == null ? Future.fromCompletionStage(stage) : Future.fromCompletionStage(stage, context);
  }

  private static CancellationException cancelled(Throwable cause) {
    CancellationException cancelled = new CancellationException("the database is out of reach");
    cancelled.initCause(cause);
    return cancelled;
  }
}
