package org.relais.hub.signalling;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sockets one client address may hold on one bridge of this node. A slot is reserved at the
 * handshake, before the upgrade, so sockets opened together cannot all slip under the cap; it is
 * released once, by whichever comes first: the handshake failing, the socket refused, or the socket
 * closed. One instance serves the bridges of every HTTP verticle (event loop), so the count is the
 * node's; each node of a cluster counts for itself, as a per-address cap on one node means.
 */
public final class SocketSlots {
  private static final String SLOT = "relais.socketSlot";

  private final int maxPerAddress;
  private final Map<String, Integer> held = new ConcurrentHashMap<>();

  public SocketSlots(int maxPerAddress) {
    this.maxPerAddress = maxPerAddress;
  }

  /** One socket's place in its address's count. */
  public final class Slot {
    private final String clientAddress;
    private final AtomicBoolean released = new AtomicBoolean();

    private Slot(String clientAddress) {
      this.clientAddress = clientAddress;
    }

    /** Gives the place back; only the first call counts. */
    public void release() {
      if (released.compareAndSet(false, true)) {
        held.computeIfPresent(clientAddress, (address, count) -> count <= 1 ? null : count - 1);
      }
    }

    public boolean isReleased() {
      return released.get();
    }
  }

  /** A slot for {@code clientAddress}, or none if it holds the most already; atomic across event loops. */
  public Optional<Slot> reserve(String clientAddress) {
    boolean[] granted = new boolean[1];
    held.compute(clientAddress, (address, count) -> {
      int now = count == null ? 0 : count;
      granted[0] = now < maxPerAddress;
      return granted[0] ? now + 1 : count;
    });
    return granted[0] ? Optional.of(new Slot(clientAddress)) : Optional.empty();
  }

  /**
   * Reserves a slot for a WebSocket handshake and keeps it with the request, for the bridge to find on
   * the socket; a failed handshake (any answer other than the upgrade) gives it back. Answers false if
   * the address holds the most already. Requests that cannot become a socket reserve nothing.
   */
  public boolean reserveForHandshake(RoutingContext ctx, String clientAddress) {
    if (!ctx.request().canUpgradeToWebSocket()) {
      return true;
    }
    Optional<Slot> slot = reserve(clientAddress);
    slot.ifPresent(reserved -> {
      ctx.put(SLOT, reserved);
      // Called when an answer other than the upgrade ends, or when the connection closes.
      ctx.addEndHandler(done -> reserved.release());
    });
    return slot.isPresent();
  }

  /**
   * The slot reserved at the handshake of {@code socket}, if any; given back should the client leave
   * before its bridge takes the socket over (while its ticket is read), the bridge's own close handler
   * taking over from then on.
   */
  public static Optional<Slot> claim(SockJSSocket socket) {
    RoutingContext ctx = socket.routingContext();
    Optional<Slot> slot = Optional.ofNullable(ctx == null ? null : ctx.get(SLOT));
    slot.ifPresent(held -> socket.closeHandler(closed -> held.release()));
    return slot;
  }
}
