-- When each relay-site was last heard of, and which version it ran then: an offline site's "last seen" must
-- outlive its link and the hub's restarts. Written when a site links and unlinks, and at most once a minute
-- while it stays linked.
CREATE TABLE site_sightings (
  site_id      UUID PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
  version      VARCHAR(100),
  last_seen_at TIMESTAMP WITH TIME ZONE NOT NULL
);
