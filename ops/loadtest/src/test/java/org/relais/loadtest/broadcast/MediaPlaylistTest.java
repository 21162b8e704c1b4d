package org.relais.loadtest.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MediaPlaylistTest {
  @Test
  void theHubsPlaylistGivesSequencesDurationsTimesAndSignedUris() {
    MediaPlaylist playlist = MediaPlaylist.parse("""
        #EXTM3U
        #EXT-X-VERSION:6
        #EXT-X-TARGETDURATION:1
        #EXT-X-MEDIA-SEQUENCE:41
        #EXT-X-DISCONTINUITY-SEQUENCE:0
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-PROGRAM-DATE-TIME:2026-11-30T04:08:04.489Z
        #EXTINF:1.000,
        /b/seg/s/2026-11-30/360p/r1-seg-00041.ts?exp=1&sig=a
        #EXT-X-DISCONTINUITY
        #EXT-X-PROGRAM-DATE-TIME:2026-11-30T04:08:06.120Z
        #EXTINF:0.960,
        /b/seg/s/2026-11-30/360p/r2-seg-00000.ts?exp=1&sig=b
        """);
    assertThat(playlist.targetSeconds()).isEqualTo(1);
    assertThat(playlist.segments()).extracting(MediaPlaylist.Segment::sequence).containsExactly(41L, 42L);
    assertThat(playlist.segments().get(1).duration()).isEqualTo(0.96);
    assertThat(playlist.segments().get(1).programDateTime()).isEqualTo(Instant.parse("2026-11-30T04:08:06.120Z"));
    assertThat(playlist.segments().get(0).uri()).endsWith("?exp=1&sig=a");
  }

  @Test
  void ffmpegsOwnPlaylistHasRelativeUrisAndItsOwnTimeFormat() {
    MediaPlaylist playlist = MediaPlaylist.parse("""
        #EXTM3U
        #EXT-X-TARGETDURATION:2
        #EXT-X-MEDIA-SEQUENCE:0
        #EXTINF:1.000000,
        #EXT-X-PROGRAM-DATE-TIME:2026-11-30T04:08:04.489+0000
        seg-00000.ts
        """);
    assertThat(playlist.targetSeconds()).isEqualTo(2);
    MediaPlaylist.Segment segment = playlist.segments().get(0);
    assertThat(segment.programDateTime()).isEqualTo(Instant.parse("2026-11-30T04:08:04.489Z"));
    assertThat(MediaPlaylist.resolve("/bench/hls/s/d/run-1/360p/index.m3u8", segment.uri()))
        .isEqualTo("/bench/hls/s/d/run-1/360p/seg-00000.ts");
    assertThat(MediaPlaylist.resolve("/b/tok/360p.m3u8", "/b/seg/x.ts?sig=1")).isEqualTo("/b/seg/x.ts?sig=1");
  }
}
