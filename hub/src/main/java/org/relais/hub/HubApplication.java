package org.relais.hub;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.openapi.contract.OpenAPIContract;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.OptionalInt;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.relais.hub.bookings.BookedSeats;
import org.relais.hub.broadcast.BroadcastFeature;
import org.relais.hub.broadcast.rtmp.RtmpIngest;
import org.relais.hub.bookings.BookingPages;
import org.relais.hub.bookings.BookingPanel;
import org.relais.hub.bookings.BookingRoutes;
import org.relais.hub.bookings.BookingService;
import org.relais.hub.bookings.BookingStandings;
import org.relais.hub.bookings.BookingStore;
import org.relais.hub.bookings.RoomClashes;
import org.relais.hub.help.HelpCalls;
import org.relais.hub.households.HouseholdsFeature;
import org.relais.hub.live.ConsolePages;
import org.relais.hub.live.LiveBridge;
import org.relais.hub.live.LiveFeature;
import org.relais.hub.live.LiveRoutes;
import org.relais.hub.network.NetworkBoard;
import org.relais.hub.network.NetworkPages;
import org.relais.hub.network.NetworkStore;
import org.relais.hub.sites.SiteCredentials;
import org.relais.hub.sms.LocalOutboxGateway;
import org.relais.hub.sms.SmsFeature;
import org.relais.hub.sms.SmsLine;
import org.relais.hub.sms.SmsLines;
import org.relais.hub.sites.SiteEventStore;
import org.relais.hub.sites.EnrolmentPages;
import org.relais.hub.sites.RelayPanel;
import org.relais.hub.sites.SiteRoutes;
import org.relais.hub.help.HelpPages;
import org.relais.hub.help.HelpRoutes;
import org.relais.hub.http.PublicAddress;
import org.relais.hub.jitsi.JitsiConfig;
import org.relais.hub.jitsi.JitsiEvents;
import org.relais.hub.jitsi.JitsiTokens;
import org.relais.hub.join.Attendance;
import org.relais.hub.join.JitsiRooms;
import org.relais.hub.join.JoinEvents;
import org.relais.hub.join.JoinKeys;
import org.relais.hub.join.JoinLinks;
import org.relais.hub.join.JoinPages;
import org.relais.hub.join.JoinRoutes;
import org.relais.hub.join.JoinService;
import org.relais.hub.join.JoinSubjects;
import org.relais.hub.join.JoinThrottle;
import org.relais.hub.join.JoinTokens;
import org.relais.hub.deliveries.Deliveries;
import org.relais.hub.deliveries.DeliveryPages;
import org.relais.hub.outbox.Outbox;
import org.relais.hub.questions.QuestionRoutes;
import org.relais.hub.questions.Questions;
import org.relais.hub.registrations.ManageLinks;
import org.relais.hub.reminders.Reminders;
import org.relais.hub.reports.ReportPages;
import org.relais.hub.reports.ReportRoutes;
import org.relais.hub.reports.Reports;
import org.relais.hub.reports.SittingPages;
import org.relais.hub.reports.SittingReports;
import org.relais.hub.registrations.RegistrationPages;
import org.relais.hub.registrations.RegistrationRoutes;
import org.relais.hub.registrations.RegistrationService;
import org.relais.hub.registrations.RegistrationStandings;
import org.relais.hub.registrations.RegistrationStore;
import org.relais.hub.registrations.StaffRegistrationPages;
import org.relais.hub.shortlinks.ShortLinks;
import org.relais.hub.calendars.Calendars;
import org.relais.hub.centres.CentrePages;
import org.relais.hub.centres.CentreRoutes;
import org.relais.hub.cluster.Clustering;
import org.relais.hub.signalling.BridgeGuard;
import org.relais.hub.signalling.BridgeRoutes;
import org.relais.hub.signalling.BuiltInRooms;
import org.relais.hub.signalling.IceServers;
import org.relais.hub.signalling.RoomPresence;
import org.relais.hub.signalling.SessionRooms;
import org.relais.hub.signalling.SessionStays;
import org.relais.hub.signalling.TicketRoutes;
import org.relais.hub.signalling.Tickets;
import org.relais.hub.centres.CentreService;
import org.relais.hub.centres.CentreStore;
import org.relais.hub.config.HubConfig;
import org.relais.hub.http.AccessLog;
import org.relais.hub.http.AccessLogWriter;
import org.relais.hub.http.ApiRouter;
import org.relais.hub.http.ClientAddress;
import org.relais.hub.http.ContractDocument;
import org.relais.hub.http.EventLoopLag;
import org.relais.hub.http.FailureHandler;
import org.relais.hub.http.HttpServerVerticle;
import org.relais.hub.http.Probes;
import org.relais.hub.pages.HtmlErrorPage;
import org.relais.hub.pages.Messages;
import org.relais.hub.pages.Pages;
import org.relais.hub.schedule.ClassPages;
import org.relais.hub.schedule.LiveSittings;
import org.relais.hub.schedule.SchedulePages;
import org.relais.hub.schedule.ScheduleRoutes;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionStore;
import org.relais.hub.schedule.SittingService;
import org.relais.hub.schedule.SittingStore;
import org.relais.hub.seats.Seats;
import org.relais.hub.staff.StaffCookies;
import org.relais.hub.staff.StaffFeature;
import org.relais.hub.staff.StaffRoutes;
import org.relais.hub.staff.StaffAccounts;
import org.relais.hub.myday.MyCentrePages;
import org.relais.hub.myday.MyClassesPages;
import org.relais.hub.staffapp.SignInPages;
import org.relais.hub.staffapp.StaffArea;
import org.relais.hub.accounts.AccountPages;
import org.relais.hub.staffapp.StaffPages;
import org.relais.hub.storage.Database;
import org.relais.hub.storage.SharedSecrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the hub by hand: database, services, routers, HTTP server. Started as a whole, stopped in
 * reverse order. Owns its Vert.x instance so metrics are always on.
 */
public final class HubApplication {
  private static final Logger LOG = LoggerFactory.getLogger(HubApplication.class);
  static final String CONTRACT = "openapi/relais.yaml";
  /** The event-bus bridges: rooms' signalling, and relay-sites' and consoles' live bridge. */
  private static final List<String> SOCKET_PATHS = List.of("/eventbus/", "/live/");

  private final Vertx vertx;
  private final HubConfig config;
  private final Clock clock;
  private final PrometheusMeterRegistry metrics;
  private final AccessLogWriter accessLog;
  private final EventLoopLag eventLoopLag;
  private Database database;
  private StaffFeature staff;
  private CentreService centres;
  private ScheduleService schedule;
  private SittingService sittings;
  private JoinKeys joinKeys;
  private JoinSubjects subjects;
  private JoinLinks joinLinks;
  private RegistrationService registrations;
  private ShortLinks shortLinks;
  private Reminders reminders;
  private BookingService bookings;
  private BookedSeats seats;
  private RegistrationStore registrationStore;
  private JoinService join;
  private Attendance attendance;
  private Tickets tickets;
  private BridgeGuard bridge;
  private HelpCalls helpCalls;
  private LiveFeature live;
  private NetworkBoard network;
  private SmsFeature sms;
  private Reports reports;
  private final PublicAddress address;
  private SessionStays stays;
  private LiveSittings liveSittings;
  private HouseholdsFeature households;
  private BroadcastFeature broadcast;
  private RtmpIngest rtmp;
  private long joinKeysTimer = -1;
  private long staysTimer = -1;
  private Supplier<Router> socketRouters;
  private final List<HttpServerVerticle> servers = new CopyOnWriteArrayList<>();
  private String httpDeployment;
  private Future<Void> stopping;
  private int port;

  private HubApplication(Vertx vertx, HubConfig config, Clock clock, PrometheusMeterRegistry metrics) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.accessLog = new AccessLogWriter(AccessLogWriter.DEFAULT_CAPACITY,
        LoggerFactory.getLogger("relais.access")::info, metrics);
    this.eventLoopLag = new EventLoopLag(vertx, metrics);
    this.address = new PublicAddress(config.http().publicUrl());
  }

  public static Future<HubApplication> start(HubConfig config, Clock clock) {
    return start(config, clock, router -> { });
  }

  /** Starts a hub; {@code extraRoutes} may add routes to the same server (the benchmarks' baseline). */
  public static Future<HubApplication> start(HubConfig config, Clock clock, Consumer<Router> extraRoutes) {
    PrometheusMeterRegistry metrics = Probes.registry();
    // A registry name of its own: Vert.x shares one registry between the instances of a JVM that share a name,
    // and two hubs in one JVM (a cluster's nodes in a test) would then count each other's requests.
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setRegistryName("relais-" + UUID.randomUUID()).setJvmMetricsEnabled(true));
    VertxBuilder builder = Vertx.builder().withMetrics(new MicrometerMetricsFactory(metrics));
    Future<Vertx> created;
    if (config.cluster().enabled()) {
      options.getEventBusOptions().setHost(config.cluster().host()).setPort(0);
      created = builder.with(options).withClusterManager(Clustering.clusterManager(config.cluster())).buildClustered();
    } else {
      created = Future.succeededFuture(builder.with(options).build());
    }
    // Not bound to a Vert.x context: on failure the caller hears of it even though Vert.x is closing.
    Promise<HubApplication> started = Promise.promise();
    created.onFailure(started::fail).onSuccess(vertx -> {
      HubApplication hub = new HubApplication(vertx, config, clock, metrics);
      hub.startServices(extraRoutes).onComplete(result -> {
        if (result.succeeded()) {
          started.complete(hub);
        } else {
          started.fail(result.cause());
          hub.accessLog.stop();
          vertx.close();
        }
      });
    });
    return started.future();
  }

  private Future<Void> startServices(Consumer<Router> extraRoutes) {
    accessLog.start();
    return Database.open(vertx, config.db())
        .compose(db -> {
          database = db;
          SharedSecrets secrets = new SharedSecrets(db.pool(), clock);
          Future<String> staffSecret = config.auth().tokenSecret().map(Future::succeededFuture)
              .orElseGet(() -> secrets.getOrCreate("staff-token"));
          Future<String> manageSecret = secrets.getOrCreate("manage-links");
          Future<String> broadcastSecret = secrets.getOrCreate(BroadcastFeature.secretName());
          joinKeys = new JoinKeys(vertx, db.pool(), clock, config.join().keyRotation());
          SessionStore sessions = new SessionStore(db.pool(), clock);
          return Future.all(staffSecret, manageSecret, broadcastSecret, joinKeys.maintain(), sessions.nameUnnamedRooms()
                  .compose(named -> new SittingStore(db.pool(), clock).adoptSeriesStates(sessions,
                      config.schedule().zone())))
              .compose(ready -> ContractDocument.load(vertx, CONTRACT, () -> publicUrl().resolve("/api/v1")))
              .compose(document -> OpenAPIContract.from(vertx, document.document()).map(contract -> {
                wireServices(staffSecret.result(), manageSecret.result(), broadcastSecret.result());
                return (Supplier<Router>) () -> router(contract, document, extraRoutes);
              }))
              .compose(routes -> live.startLink().map(started -> routes.get()));
        })
        .compose(this::listen)
        .onSuccess(listening -> {
          joinKeysTimer = joinKeys.scheduleMaintenance();
          staysTimer = stays.scheduleSweeps(vertx);
          live.startBridge();
          liveSittings.start(vertx);
          eventLoopLag.start();
          network.start();
        })
        .compose(started -> broadcast.start())
        .compose(started -> rtmp.start())
        .compose(started -> households.start())
        .compose(started -> reminders.start(vertx));
  }

  private void wireServices(String staffSecret, String manageSecret, String broadcastSecret) {
    staff = new StaffFeature(vertx, database.pool(), config.auth(), staffSecret, clock);
    centres = new CentreService(new CentreStore(database.pool(), clock));
    BookingStore bookingStore = new BookingStore(database.pool(), clock);
    seats = new BookedSeats(bookingStore, new Seats(config.rooms().maxPeers()));
    SessionStore sessionStore = new SessionStore(database.pool(), clock);
    Outbox outbox = new Outbox(database.pool(), clock);
    // The broadcasts are wired below, and find ffmpeg once started: hence the late binding.
    ScheduleService.CapacityRule videoRule = BroadcastFeature.requiringFfmpeg(seats,
        () -> broadcast != null && broadcast.service().available());
    schedule = new ScheduleService(sessionStore, videoRule, new RoomClashes(bookingStore, sessionStore, centres,
        config.schedule().zone()), config.schedule(), vertx.eventBus(), outbox);
    sittings = new SittingService(new SittingStore(database.pool(), clock), schedule, config.schedule(),
        vertx.eventBus(), outbox, clock);

    registrationStore = new RegistrationStore(database.pool(), clock);
    subjects = new JoinSubjects(new RegistrationStandings(registrationStore), new BookingStandings(bookingStore),
        vertx.eventBus());
    joinLinks = new JoinLinks(new JoinTokens(joinKeys), address, schedule.zone());
    shortLinks = new ShortLinks(database.pool(), address, clock);
    registrations = new RegistrationService(registrationStore, schedule, sittings, joinLinks,
        new ManageLinks(manageSecret), subjects, shortLinks, vertx.eventBus(), outbox, clock);
    households = new HouseholdsFeature(vertx, database.pool(), registrations, outbox, config.privacy(),
        config.schedule().zone(), clock);
    // Centres not set up send to the local outbox file; providers' reports and STOP answers reach the outbox.
    LocalOutboxGateway localSms = new LocalOutboxGateway(vertx,
        Reminders.outboxDir(config.dataDir()).resolve("sms.txt"), clock);
    sms = SmsFeature.start(vertx, database.pool(), centres, address,
        SmsLines.everyCentre(new SmsLine(localSms, config.outbox().smsDailyCap(), true)), Optional.of(outbox), clock);
    reminders = Reminders.wire(vertx, config.dataDir(), config.outbox(), config.mail(), outbox, registrationStore,
        registrations, schedule, sittings, centres, joinLinks, shortLinks, sms.lines(), localSms, metrics, clock);
    bookings = new BookingService(bookingStore, centres, schedule, joinLinks, subjects, seats, shortLinks);
    RoomPresence presence = new RoomPresence(vertx);
    BuiltInRooms builtInRooms = new BuiltInRooms(presence, new IceServers(config.rooms(), clock), seats.seats(),
        seats::bookedRooms);
    join = new JoinService(new JoinTokens(joinKeys), schedule, sittings, subjects,
        config.jitsi().<JitsiRooms>map(jitsi -> new JitsiTokens(vertx, jitsi)), builtInRooms,
        sessionId -> broadcast.service().live(sessionId), address, shortLinks, clock);
    tickets = new Tickets(vertx, config.rooms().ticketTtl(), clock);
    SessionRooms sessionRooms = new SessionRooms(join, builtInRooms);
    attendance = new Attendance(database.pool(), config.rooms().stayGrace());
    // Stays change the live figures, which are wired below: hence the late binding.
    stays = new SessionStays(sessionRooms, id -> schedule.get(id).map(Session::roomName), presence, attendance,
        schedule.zone(), id -> live.view().publish(id), clock);
    RoomPresence.SeatClaim helpCallSeats = RoomPresence.SeatClaim.anyOf(config.rooms().maxPeers());
    // Help calls close their rooms through the bridge, which asks them who may stay: hence the late binding.
    bridge = new BridgeGuard(vertx, tickets, presence, admission -> admission.isHelpCall()
        ? helpCalls.allows(admission) : sessionRooms.allows(admission), admission -> admission.isHelpCall()
        ? Future.succeededFuture(helpCallSeats) : sessionRooms.seatClaim(admission), stays, config.rooms());
    helpCalls = new HelpCalls(database.pool(), join, staff.accounts(), tickets, builtInRooms, bridge,
        address, vertx.eventBus(), schedule.zone(), clock);

    live = LiveFeature.wire(vertx, database.pool(), config.sites(), config.live(), schedule, sittings, centres,
        bookingStore, bookings, attendance, joinLinks, tickets, address, helpCalls::forKiosks, metrics, clock);
    network = new NetworkBoard(vertx, new NetworkStore(database.pool()), schedule, sittings, live.presence(),
        live.sightings(), config.sites().heartbeatInterval(), clock);
    // What Prometheus reads of the rooms' bridge (ops/prometheus, ops/grafana).
    bridge.measure(metrics);
    liveSittings = new LiveSittings(new SittingStore(database.pool(), clock), config.schedule().zone(), clock, metrics);
    reports = new Reports(database.pool(), config.reports(), schedule.zone(), clock);
    broadcast = BroadcastFeature.wire(vertx, config.dataDir(), config.broadcast(), broadcastSecret, join, schedule,
        sittings, tickets, attendance, address, config.rooms(), id -> live.view().publish(id), clock);
    rtmp = RtmpIngest.wire(vertx, config.broadcast(), broadcast);
  }

  private Router router(OpenAPIContract contract, ContractDocument document, Consumer<Router> extraRoutes) {
    ClientAddress clientAddress = new ClientAddress(config.http().trustedProxies());
    Pages pages = new Pages(vertx, new Messages(), config.schedule().defaultLanguage());
    FailureHandler failures = new FailureHandler(new HtmlErrorPage(pages));
    BookingRoutes bookingRoutes = new BookingRoutes(bookings, joinLinks);

    ApiRouter api = new ApiRouter(vertx, contract, config.http().maxBodyBytes(),
        staff.authenticator());
    List.of(new StaffRoutes(staff.accounts(), staff.signIn(), clientAddress), new CentreRoutes(centres),
        new ScheduleRoutes(schedule, sittings, clock),
        new RegistrationRoutes(registrations, joinLinks, schedule.json(), households.log()),
        bookingRoutes,
        new JoinRoutes(join, joinLinks, attendance, schedule, bookingRoutes, staff.accounts(), clock),
        new JitsiEvents(config.jitsi().flatMap(JitsiConfig::webhookSecret), schedule, subjects, attendance, clock),
        new TicketRoutes(join, tickets), new HelpRoutes(helpCalls,
            centreId -> live.bridge().ticket(LiveBridge.Grant.centreHelp(centreId), address)),
        new SiteRoutes(live.credentials(), siteId -> live.bridge().ticket(LiveBridge.Grant.site(siteId), address),
            address),
        new LiveRoutes(live.view(), live.bridge(), address),
        new QuestionRoutes(new Questions(database.pool(), join, live.view()::checkMayWatch, vertx.eventBus(),
            schedule.zone(), clock)),
        new ReportRoutes(reports, pages.messages(),
            config.schedule().defaultLanguage()), broadcast.api(), document)
        .forEach(feature -> feature.bind(api));

    Router root = withCommonHandlers(Router.router(vertx), clientAddress);
    socketRouters = () -> {
      Router sockets = withCommonHandlers(Router.router(vertx), clientAddress);
      BridgeRoutes.mount(sockets, vertx, bridge, config.rooms(), address, clientAddress);
      live.bridge().mount(sockets, config.rooms(), address, clientAddress);
      sockets.route().failureHandler(failures);
      sockets.errorHandler(404, failures);
      return sockets;
    };
    Probes.mount(root, vertx, database::ping, metrics, config.metrics());
    // Join links, reset links and private pages are guessed at by nobody: each address gets a few tries a minute.
    JoinThrottle throttle = new JoinThrottle(config.join().requestsPerMinutePerAddress(), clientAddress);
    List.of("/j/*", "/J/*", "/r/*", "/api/v1/join/*", "/api/v1/registrations/manage/*", "/api/v1/sites/enrol",
        "/staff/reset/*")
        .forEach(path -> root.route(path).handler(throttle));
    Router apiRoutes = api.build();
    // Matching a route with path parameters decodes the query string: one not properly percent-encoded fails there.
    apiRoutes.errorHandler(400, failures.status(400));
    root.route("/api/v1/*").subRouter(apiRoutes);
    root.route("/static/*").handler(StaticHandler.create("webroot").setMaxAgeSeconds(3600));
    RegistrationPages registrationPages = new RegistrationPages(registrations, schedule, sittings, joinLinks,
        pages, broadcast.replays(), clock);
    Calendars calendars = Calendars.wire(database.pool(), schedule, sittings, centres, address, pages, clock);
    SchedulePages schedulePages = new SchedulePages(schedule, sittings, centres, registrationStore::families, pages, clock,
        List.of(registrationPages, calendars.links()), List.of(calendars.links()));
    schedulePages.mount(root);
    calendars.mount(root);
    reminders.mount(root, config.http().maxBodyBytes());
    registrationPages.mount(root, schedulePages, config.http().maxBodyBytes());
    households.mount(root, pages, config.http().maxBodyBytes());
    new JoinPages(vertx, join, joinLinks, schedule, centres, schedulePages, pages,
        registrations::managePath, shortLinks, broadcast.replays(), clock).mount(root);
    new JoinEvents(vertx, join, sittings, subjects, broadcast.replays()).mount(root);
    new HelpPages(join, helpCalls, pages).mount(root);
    new ConsolePages(pages).mount(root);
    broadcast.mount(root);
    sms.mount(root);
    StaffPages staffPages = new StaffPages(pages);
    StaffCookies staffCookies = new StaffCookies(config.http().publicUrl().map(url -> "https".equals(url.getScheme()))
        .orElse(false));
    CentrePages centrePages = new CentrePages(staffPages, centres, List.of(
        new BookingPanel(staffPages, bookings, schedule, clock), new RelayPanel(staffPages, live.credentials(),
            live.presence(), schedule.zone())));
    new StaffArea(staffPages, staff.sessions(), new SignInPages(staffPages, staff.signIn(), staff.sessions(),
        staffCookies, clientAddress), config.http().maxBodyBytes()).mount(vertx, root, List.of(
            new NetworkPages(network, staffPages), new ReportPages(reports, centres, staffPages),
            new SittingPages(new SittingReports(database.pool(), schedule, config.reports(), clock),
                households.log(), staffPages),
            new StaffRegistrationPages(registrations, sittings, joinLinks, staffPages, households.log(), clock),
            households.staffPages(staffPages, schedule.zone()), households.privacyPages(staffPages, schedule.zone()),
            new AccountPages(staffPages, staff.accounts(), staff.passwordResets(), centres, address,
                schedule.zone()),
            new ClassPages(staffPages, schedule, sittings, centres, staff.accounts(), seats.seats(),
                seats::bookedRooms, registrationStore::families, clock),
            centrePages, new BookingPages(centrePages, staffPages, bookings),
            new EnrolmentPages(centrePages, staffPages, live.credentials(), address, schedule.zone()),
            new MyClassesPages(staffPages, schedule, sittings, bookings, registrations, centres, joinLinks,
                staff.accounts(), clock),
            new MyCentrePages(staffPages, centres, live.schedules(), live.presence(), schedule.zone(), clock),
            sms.pages(staffPages, centres),
            new DeliveryPages(new Deliveries(registrations, reminders.outbox(), schedule.zone(), clock), staffPages,
                clock)));
    extraRoutes.accept(root);
    // No catch-all route: it would answer 404 where the router knows the path and answers 405.
    root.route().failureHandler(failures);
    root.errorHandler(400, failures.status(400));
    root.errorHandler(404, failures);
    root.errorHandler(405, failures);
    return root;
  }

  private Router withCommonHandlers(Router router, ClientAddress clientAddress) {
    router.route().handler(new AccessLog(clientAddress, accessLog));
    router.route().handler(ctx -> {
      ctx.response().putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Referrer-Policy", "no-referrer")
          .putHeader("X-Frame-Options", "DENY");
      ctx.next();
    });
    return router;
  }

  private Future<Void> listen(Router router) {
    int instances = config.http().effectiveInstances();
    return vertx.deployVerticle(() -> {
      // Each instance, on its own event loop, gets event-bus bridges of its own.
      HttpServerVerticle server = new HttpServerVerticle(config.http(), router, socketRouters.get(), SOCKET_PATHS);
      servers.add(server);
      return server;
    }, new DeploymentOptions().setInstances(instances)).map(id -> {
      httpDeployment = id;
      port = servers.get(0).actualPort();
      address.listeningOn(port);
      LOG.info("Relais hub listening on {}:{} ({} HTTP verticle(s)); public address {}", config.http().host(), port,
          instances, publicUrl());
      return null;
    });
  }

  /**
   * Drains, then closes the database, then Vert.x. Draining: no new connection is taken, the relay-sites,
   * consoles and rooms' pages connected here are told to reconnect (another node takes them), requests under
   * way finish within {@code http.stopGrace}. Stopping again answers the same stop.
   */
  public synchronized Future<Void> stop() {
    if (stopping != null) {
      return stopping;
    }
    if (joinKeysTimer >= 0) {
      vertx.cancelTimer(joinKeysTimer);
    }
    if (staysTimer >= 0) {
      vertx.cancelTimer(staysTimer);
    }
    eventLoopLag.stop();
    if (liveSittings != null) {
      liveSittings.stop(vertx);
    }
    Future<Void> drained = Future.all(servers.stream().map(server -> server.drain(config.http().stopGrace()))
        .toList()).mapEmpty();
    if (live != null) {
      network.stop();
      bridge.drain();
      live.stop();
    }
    // ffmpeg processes die with the hub, whatever else happens.
    Future<Void> broadcasts = broadcast == null ? Future.succeededFuture()
        : rtmp.stop().transform(done -> broadcast.stop());
    Future<Void> http = drained.transform(done -> broadcasts)
        .transform(done -> households == null ? Future.<Void>succeededFuture() : households.stop())
        .transform(done -> httpDeployment == null ? Future.succeededFuture() : vertx.undeploy(httpDeployment))
        .transform(done -> reminders == null ? Future.succeededFuture() : reminders.stop(vertx))
        .transform(done -> sms == null ? Future.succeededFuture() : sms.stop());
    // Not bound to a Vert.x context: it completes after Vert.x itself has closed.
    Promise<Void> stopped = Promise.promise();
    http.transform(done -> database == null ? Future.succeededFuture() : database.close())
        .onComplete(done -> vertx.close().onComplete(stopped));
    stopping = stopped.future().onComplete(done -> accessLog.stop());
    return stopping;
  }

  public int port() {
    return port;
  }

  /** The port the RTMP ingest listens on, if it does. */
  public OptionalInt rtmpPort() {
    return rtmp == null ? OptionalInt.empty() : rtmp.port();
  }

  public URI publicUrl() {
    return address.base();
  }

  public Vertx vertx() {
    return vertx;
  }

  public StaffAccounts staff() {
    return staff.accounts();
  }

  public CentreService centres() {
    return centres;
  }

  public Database database() {
    return database;
  }

  public ScheduleService schedule() {
    return schedule;
  }

  public SittingService sittings() {
    return sittings;
  }

  public RegistrationService registrations() {
    return registrations;
  }

  public ShortLinks shortLinks() {
    return shortLinks;
  }

  public Reminders reminders() {
    return reminders;
  }

  public BookingService bookings() {
    return bookings;
  }

  public JoinService join() {
    return join;
  }

  public Attendance attendance() {
    return attendance;
  }

  public SessionStays stays() {
    return stays;
  }

  public HouseholdsFeature households() {
    return households;
  }

  public BroadcastFeature broadcast() {
    return broadcast;
  }

  public HelpCalls helpCalls() {
    return helpCalls;
  }

  public SiteCredentials siteCredentials() {
    return live.credentials();
  }

  public SiteEventStore siteEvents() {
    return live.events();
  }

  /** Relay-sites whose link ends on this node. */
  public int linkedSites() {
    return live.link().linkedHere();
  }

  /** Bridge sockets open on this node. */
  public int openBridgeSockets() {
    return bridge.openSockets();
  }

  /** Live-bridge sockets (relay-sites' links, consoles) open on this node. */
  public int openLiveSockets() {
    return live.bridge().openSockets();
  }
}
