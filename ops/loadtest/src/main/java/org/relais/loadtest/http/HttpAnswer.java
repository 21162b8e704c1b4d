package org.relais.loadtest.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** A whole HTTP response as a client received it. */
public record HttpAnswer(int status, MultiMap headers, Buffer body) {}
