package org.relais.hub.registrations;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads our SVG QR codes back: one unit square per dark module, rasterised and decoded with ZXing. */
final class QrSvg {
  private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
  private static final Pattern SQUARE = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z");
  private static final int SCALE = 4;
  /** Our codes are drawn, not photographed: read them as clean images, not with the camera's detector. */
  static final java.util.Map<com.google.zxing.DecodeHintType, Object> PURE =
      java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE);

  private QrSvg() {}

  static String decode(String svg) throws Exception {
    Matcher box = VIEW_BOX.matcher(svg);
    if (!box.find()) {
      throw new IllegalArgumentException("no viewBox");
    }
    int size = Integer.parseInt(box.group(1));
    int pixels = size * SCALE;
    int[] rgb = new int[pixels * pixels];
    java.util.Arrays.fill(rgb, 0xFFFFFF);
    Matcher square = SQUARE.matcher(svg);
    while (square.find()) {
      int x = Integer.parseInt(square.group(1));
      int y = Integer.parseInt(square.group(2));
      for (int dy = 0; dy < SCALE; dy++) {
        for (int dx = 0; dx < SCALE; dx++) {
          rgb[(y * SCALE + dy) * pixels + x * SCALE + dx] = 0;
        }
      }
    }
    LuminanceSource source = new RGBLuminanceSource(pixels, pixels, rgb);
    return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), PURE).getText();
  }
}
