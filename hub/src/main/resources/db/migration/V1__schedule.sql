-- Centres of the network, their rooms, staff accounts and the sessions they schedule.
-- Portable SQL: runs on PostgreSQL and on H2 in PostgreSQL mode.

CREATE TABLE centres (
  id            UUID PRIMARY KEY,
  name          VARCHAR(200) NOT NULL,
  kind          VARCHAR(20)  NOT NULL,
  address       VARCHAR(300),
  postcode      VARCHAR(10),
  city          VARCHAR(100),
  latitude      DOUBLE PRECISION,
  longitude     DOUBLE PRECISION,
  phone         VARCHAR(20),
  accessibility VARCHAR(2000),
  version       BIGINT       NOT NULL,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE sites (
  id         UUID PRIMARY KEY,
  centre_id  UUID         NOT NULL REFERENCES centres (id),
  name       VARCHAR(200) NOT NULL,
  capacity   INTEGER      NOT NULL,
  equipment  VARCHAR(2000),
  version    BIGINT       NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT sites_name_per_centre UNIQUE (centre_id, name)
);

CREATE TABLE staff (
  id            UUID PRIMARY KEY,
  email         VARCHAR(254) NOT NULL,
  display_name  VARCHAR(200) NOT NULL,
  role          VARCHAR(20)  NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  version       BIGINT       NOT NULL,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT staff_email_unique UNIQUE (email)
);

CREATE TABLE staff_centres (
  staff_id  UUID NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  centre_id UUID NOT NULL REFERENCES centres (id),
  PRIMARY KEY (staff_id, centre_id)
);

CREATE TABLE sessions (
  id                  UUID PRIMARY KEY,
  title               VARCHAR(200)  NOT NULL,
  category            VARCHAR(20)   NOT NULL,
  description         VARCHAR(5000),
  language            VARCHAR(8)    NOT NULL,
  instructor_id       UUID REFERENCES staff (id),
  centre_id           UUID          NOT NULL REFERENCES centres (id),
  start_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  end_at              TIMESTAMP WITH TIME ZONE NOT NULL,
  recurrence_weekdays VARCHAR(30),
  recurrence_until    DATE,
  recurrence_count    INTEGER,
  -- End of the last occurrence: lets a window query skip series that are over.
  series_end_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  home_capacity       INTEGER       NOT NULL,
  video_mode          VARCHAR(10)   NOT NULL,
  accessibility       VARCHAR(2000),
  status              VARCHAR(12)   NOT NULL,
  version             BIGINT        NOT NULL,
  created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX sessions_window ON sessions (start_at, series_end_at);
CREATE INDEX sessions_instructor ON sessions (instructor_id, start_at);
CREATE INDEX sessions_centre ON sessions (centre_id, start_at);
