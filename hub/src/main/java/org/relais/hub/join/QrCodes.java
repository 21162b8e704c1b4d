package org.relais.hub.join;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.Encoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * QR codes of join links, long ones and short ones (in a compact form), as SVG (sharp at any size) and PNG (for
 * messaging apps). Pure computation.
 */
public final class QrCodes {
  /** The largest QR code a short link's may be: version 4, 33 modules a side, easy for a cheap phone's camera. */
  public static final int COMPACT_MAX_VERSION = 4;
  private static final int QUIET_ZONE = 4;
  private static final int PNG_MODULE_PIXELS = 8;
  /** Most redundancy first: a printed code gets creased and smudged. */
  private static final List<ErrorCorrectionLevel> COMPACT_LEVELS = List.of(ErrorCorrectionLevel.Q,
      ErrorCorrectionLevel.M, ErrorCorrectionLevel.L);

  private QrCodes() {}

  public static BitMatrix matrix(String text) {
    return matrix(text, Map.of(
        EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
        EncodeHintType.MARGIN, QUIET_ZONE,
        EncodeHintType.CHARACTER_SET, "UTF-8"));
  }

  /**
   * A short link's QR code: its text in upper case fits the alphanumeric mode (5.5 bits a character instead
   * of 8), and it gets the most error correction that still fits in version 4: Q (25% of the code may be
   * damaged) for an address up to 67 characters, M or L for a longer host.
   */
  public static BitMatrix compactMatrix(String upperCaseText) {
    for (ErrorCorrectionLevel level : COMPACT_LEVELS) {
      if (version(upperCaseText, level) <= COMPACT_MAX_VERSION) {
        return matrix(upperCaseText, Map.of(EncodeHintType.ERROR_CORRECTION, level,
            EncodeHintType.MARGIN, QUIET_ZONE));
      }
    }
    return matrix(upperCaseText, Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.L,
        EncodeHintType.MARGIN, QUIET_ZONE));
  }

  private static int version(String text, ErrorCorrectionLevel level) {
    try {
      return Encoder.encode(text, level).getVersion().getVersionNumber();
    } catch (WriterException e) {
      return Integer.MAX_VALUE;
    }
  }

  private static BitMatrix matrix(String text, Map<EncodeHintType, ?> hints) {
    try {
      // Size 0 asks for one cell per module; scaling is done by the writers below.
      return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, hints);
    } catch (WriterException e) {
      throw new IllegalArgumentException("cannot encode a QR code of " + text.length() + " characters", e);
    }
  }

  /** One path of unit squares: small, and crisp at any zoom. */
  public static String svg(String text) {
    return svg(matrix(text));
  }

  public static String compactSvg(String upperCaseText) {
    return svg(compactMatrix(upperCaseText));
  }

  public static byte[] png(String text) {
    return png(matrix(text));
  }

  public static byte[] compactPng(String upperCaseText) {
    return png(compactMatrix(upperCaseText));
  }

  private static String svg(BitMatrix m) {
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < m.getHeight(); y++) {
      for (int x = 0; x < m.getWidth(); x++) {
        if (m.get(x, y)) {
          path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
        }
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + m.getWidth() + " " + m.getHeight()
        + "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code\">"
        + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
  }

  private static byte[] png(BitMatrix m) {
    int size = m.getWidth() * PNG_MODULE_PIXELS;
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        image.setRGB(x, y, m.get(x / PNG_MODULE_PIXELS, y / PNG_MODULE_PIXELS) ? 0x000000 : 0xFFFFFF);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
