package org.relais.site.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hub's live playlist as the relay reads it, and the LAN's as the relay writes it. */
class MediaPlaylistTest {
  private static final URI HUB = URI.create("http://hub.example/b/tok/720p.m3u8");
  private static final String LIVE = """
      #EXTM3U
      #EXT-X-VERSION:6
      #EXT-X-TARGETDURATION:1
      #EXT-X-MEDIA-SEQUENCE:41
      #EXT-X-INDEPENDENT-SEGMENTS
      #EXT-X-PROGRAM-DATE-TIME:2026-11-23T09:00:41.000Z
      #EXTINF:1.000,
      /b/seg/s/2026-11-23/720p/r1-seg-00041.ts?exp=1&sig=a
      #EXT-X-DISCONTINUITY
      #EXT-X-PROGRAM-DATE-TIME:2026-11-23T09:00:45.000Z
      #EXTINF:0.960,
      /b/seg/s/2026-11-23/720p/r2-seg-00000.ts?exp=1&sig=b
      #EXTINF:1.000,
      next.ts
      """;

  @Test
  void readsTheHubsLiveWindow() {
    MediaPlaylist playlist = MediaPlaylist.parse(LIVE, HUB);
    assertThat(playlist.targetDuration()).isEqualTo(1);
    assertThat(playlist.ended()).isFalse();
    assertThat(playlist.segments()).extracting(MediaPlaylist.Segment::sequence).containsExactly(41L, 42L, 43L);
    assertThat(playlist.segments().get(0).uri().toString())
        .isEqualTo("http://hub.example/b/seg/s/2026-11-23/720p/r1-seg-00041.ts?exp=1&sig=a");
    assertThat(playlist.segments().get(1).discontinuity()).isTrue();
    assertThat(playlist.segments().get(1).duration()).isEqualTo(0.96);
    assertThat(playlist.segments().get(2).uri().toString()).isEqualTo("http://hub.example/b/tok/next.ts");
    assertThat(playlist.segments().get(2).programDateTime()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "hello", "#EXTM3U\n#EXTINF:1,\na.ts\n", "#EXTM3U\n#EXT-X-TARGETDURATION:1\nb.ts\n",
      "#EXTM3U\n#EXT-X-TARGETDURATION:x\n", "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:-1,\na.ts\n",
      "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n720p.m3u8\n", "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\n a b\n"})
  void refusesWhatIsNotALiveMediaPlaylist(String text) {
    assertThatThrownBy(() -> MediaPlaylist.parse(text, HUB)).isInstanceOf(MediaPlaylist.Unreadable.class);
  }

  @Test
  void theLanPlaylistStaysGaplessAndMarksWhatTheRelayMissed() {
    MediaPlaylist playlist = MediaPlaylist.parse(LIVE, HUB);
    LocalRendition local = new LocalRendition("720p");
    assertThat(local.playlist()).isEmpty();
    local.targetDuration(playlist.targetDuration());
    local.add(playlist.segments().get(0));
    local.add(playlist.segments().get(1));
    // The hub's 43 and 44 went by during an outage: 45 follows a gap.
    local.add(new MediaPlaylist.Segment(45, 1.0, URI.create("http://hub.example/b/seg/x/r2-seg-00003.ts?s=1"),
        null, false));
    for (int i = 0; i < 4; i++) {
      local.add(new MediaPlaylist.Segment(46 + i, 1.0, URI.create("http://hub.example/r2-seg-" + i + ".aac"), null,
          false));
    }
    String text = local.playlist().orElseThrow();
    // Seven held, six listed: the first discontinuity has left the window and is counted.
    assertThat(text).startsWith("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:1\n"
        + "#EXT-X-DISCONTINUITY-SEQUENCE:0\n#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:2026-11-23T09:00:45.000Z\n"
        + "#EXTINF:0.960,\n720p/1.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:1.000,\n720p/2.ts\n#EXTINF:1.000,\n720p/3.aac\n");
    assertThat(text).doesNotContain("hub.example", "sig=");
    local.add(new MediaPlaylist.Segment(50, 1.0, URI.create("http://hub.example/r2-seg-9.ts"), null, false));
    assertThat(local.playlist().orElseThrow()).contains("#EXT-X-MEDIA-SEQUENCE:2\n#EXT-X-DISCONTINUITY-SEQUENCE:1\n");
  }

  @Test
  void theStoreKeepsItsBudgetByLettingTheOldestGo() {
    SegmentStore store = new SegmentStore(1000);
    for (int i = 0; i < 5; i++) {
      store.put("s/720p/" + i, io.vertx.core.buffer.Buffer.buffer(new byte[300]));
    }
    assertThat(store.bytes()).isLessThanOrEqualTo(1000);
    assertThat(store.get("s/720p/0")).isEmpty();
    assertThat(store.get("s/720p/4")).isPresent();
    assertThat(store.evicted()).isEqualTo(2);
    store.removeStartingWith("s/");
    assertThat(store.size()).isZero();
    assertThat(store.bytes()).isZero();
  }
}
