package ai.avaliar.recording;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/** Turns raw bodies into their cassette form, and decompresses them first. */
final class Bodies {

  private Bodies() {}

  static RecordedResponse response(int status, Map<String, List<String>> headers, byte[] body) {
    String contentType = Headers.first(headers, "content-type");
    if (body == null || body.length == 0) {
      return new RecordedResponse(status, headers, null, null, null, null);
    }
    String text = utf8(body);
    if (text != null && SseEvent.isEventStream(contentType)) {
      return new RecordedResponse(status, headers, null, SseEvent.parse(text), null, null);
    }
    JsonNode json = Json.parseStructured(body);
    if (json != null) {
      return new RecordedResponse(status, headers, Json.sorted(json), null, null, null);
    }
    if (text != null) {
      return new RecordedResponse(status, headers, null, null, text, null);
    }
    return new RecordedResponse(
        status, headers, null, null, null, Base64.getEncoder().encodeToString(body));
  }

  /** The body as UTF-8 text, or null when it is not valid UTF-8. */
  static String utf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Undoes {@code Content-Encoding: gzip} or {@code deflate} (zlib-wrapped or raw). */
  static byte[] decode(byte[] body, String contentEncoding) {
    if (contentEncoding == null || body.length == 0) {
      return body;
    }
    String encoding = contentEncoding.trim().toLowerCase(Locale.ROOT);
    try {
      switch (encoding) {
        case "gzip", "x-gzip" -> {
          return readAll(new GZIPInputStream(new ByteArrayInputStream(body)));
        }
        case "deflate" -> {
          try {
            return readAll(new InflaterInputStream(new ByteArrayInputStream(body)));
          } catch (IOException zlibFailed) {
            return readAll(
                new InflaterInputStream(new ByteArrayInputStream(body), new Inflater(true)));
          }
        }
        case "identity", "" -> {
          return body;
        }
        default ->
            throw new IllegalStateException(
                "The upstream answered with Content-Encoding '"
                    + contentEncoding
                    + "', which avaliar-recording cannot decode (it decodes gzip and deflate).");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not decode a " + encoding + " response body", e);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    }
  }
}
