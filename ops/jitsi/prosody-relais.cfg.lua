-- Prosody settings for a self-hosted Jitsi Meet that admits only Relais's tokens and tells the hub who
-- came. Merge into /etc/prosody/conf.avail/meet.example.org.cfg.lua (the Debian jitsi-meet-tokens
-- package writes most of it), with meet.example.org your Jitsi's host name and relais.example.org the
-- hub's. Each value in <angle brackets> is the hub key of the same value in /etc/relais/hub.properties.

-- Needed by event_sync (jitsi-contrib/prosody-plugins: mod_event_sync_component.lua in plugin_paths).
plugin_paths = { "/usr/share/jitsi-meet/prosody-plugins/", "/usr/local/share/prosody-plugins/" }

VirtualHost "meet.example.org"
    -- Token authentication (HS256): nobody without a token signed by the hub gets in.
    authentication = "token"
    app_id = "relais"                                      -- <jitsi.appId>
    app_secret = "CHANGE-ME-0123456789abcdef0123456789abcdef" -- <jitsi.appSecret>, 32 characters or more
    allow_empty_token = false
    -- The hub signs iss = jitsi.appId, aud = jitsi.audience (jitsi by default),
    -- sub = jitsi.tenant, or this host name when jitsi.tenant is empty.
    asap_accepted_issuers = { "relais" }                   -- <jitsi.appId>
    asap_accepted_audiences = { "jitsi" }                  -- <jitsi.audience>
    -- Keep the modules_enabled the jitsi-meet-prosody package wrote; it lists "presence_identity" among
    -- them, which shows the name and affiliation the token carries.

Component "conference.meet.example.org" "muc"
    restrict_room_creation = true
    storage = "memory"
    -- Besides the package's own modules: the token's room must be the room entered, and a token saying
    -- moderator = true (the instructor's) makes a room owner.
    modules_enabled = {
        "muc_meeting_id";
        "muc_domain_mapper";
        "token_verification";
        "token_affiliation";
    }
    admins = { "focus@auth.meet.example.org" }
    muc_room_locking = false
    muc_room_default_public_jids = true

-- Attendance: every room created and destroyed, every occupant who joins or leaves, posted to the hub
-- (POST <api_prefix>/events/room/created, .../events/occupant/joined, ...). The hub answers 401 to any
-- other bearer, and acknowledges rooms and people it does not know so that nothing is retried forever.
Component "event_sync.meet.example.org" "event_sync_component"
    muc_component = "conference.meet.example.org"
    api_prefix = "https://relais.example.org/api/v1/integrations/jitsi"
    api_headers = {
        ["Authorization"] = "Bearer CHANGE-ME-another-long-random-secret"; -- Bearer <jitsi.webhookSecret>
    }
    api_timeout = 10
    api_retry_count = 3
    api_retry_delay = 5
