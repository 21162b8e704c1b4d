package org.relais.hub.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for a Jitsi Meet deployment, which lies outside Relais: HTTPS on 127.0.0.1 with a
 * self-signed certificate (the browser must be launched with {@link #BROWSER_ARGS}), serving an
 * {@code external_api.js} whose {@code JitsiMeetExternalAPI} records what the page gave it in
 * {@code window.__jitsi}, puts a frame of this server's own in the parent node, and lets a test fire the
 * conference's events with {@code window.__jitsi.fire(name)}.
 */
public final class FakeJitsi implements AutoCloseable {
  public static final List<String> BROWSER_ARGS = List.of("--ignore-certificate-errors");

  static final String EXTERNAL_API = """
      (() => {
        const jitsi = { instances: [] };
        window.__jitsi = jitsi;
        window.JitsiMeetExternalAPI = function (domain, options) {
          const listeners = {};
          const commands = [];
          const frame = document.createElement('iframe');
          frame.src = 'https://' + domain + '/' + encodeURIComponent(options.roomName);
          frame.title = 'Jitsi Meet';
          frame.style.border = '0';
          frame.style.width = options.width || '100%';
          frame.style.height = options.height || '100%';
          options.parentNode.appendChild(frame);
          this.addListener = (event, listener) => { (listeners[event] = listeners[event] || []).push(listener); };
          this.executeCommand = (...command) => { commands.push(command); };
          this.getIFrame = () => frame;
          this.dispose = () => frame.remove();
          jitsi.domain = domain;
          jitsi.options = options;
          jitsi.instances.push({ domain, options, listeners, commands, frame });
        };
        jitsi.fire = (event, data) => jitsi.instances.forEach(instance =>
            (instance.listeners[event] || []).forEach(listener => listener(data || {})));
      })();
      """;

  static final String ROOM = """
      <!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Jitsi Meet</title></head>
      <body style="margin:0;height:100vh;display:grid;place-items:center;background:#1e1e1e;color:#fff;
      font:16px system-ui,sans-serif"><p>Fake Jitsi Meet</p></body></html>
      """;

  private final Vertx vertx;
  private final HttpServer server;
  private final SelfSignedCertificate certificate;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private FakeJitsi(Vertx vertx, HttpServer server, SelfSignedCertificate certificate) {
    this.vertx = vertx;
    this.server = server;
    this.certificate = certificate;
  }

  public static FakeJitsi start() {
    Vertx vertx = Vertx.vertx();
    SelfSignedCertificate certificate = SelfSignedCertificate.create("127.0.0.1");
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
        .setSsl(true).setKeyCertOptions(certificate.keyCertOptions()));
    FakeJitsi fake = new FakeJitsi(vertx, server, certificate);
    server.requestHandler(request -> {
      fake.requests.add(request.path());
      boolean script = request.path().equals("/external_api.js");
      request.response()
          .putHeader("Content-Type", script ? "application/javascript; charset=utf-8" : "text/html; charset=utf-8")
          .end(script ? EXTERNAL_API : ROOM);
    });
    try {
      server.listen().await();
    } catch (RuntimeException e) {
      vertx.close().await();
      certificate.delete();
      throw e;
    }
    return fake;
  }

  /** What the hub's {@code jitsi.domain} is set to: host and port. */
  public String domain() {
    return "127.0.0.1:" + server.actualPort();
  }

  public String origin() {
    return "https://" + domain();
  }

  /** The paths asked for, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    try {
      vertx.close().await();
    } finally {
      certificate.delete();
    }
  }
}
