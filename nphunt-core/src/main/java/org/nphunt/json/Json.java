package org.nphunt.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.nphunt.NphuntException;

/**
 * One configured Jackson mapper: records round-trip, unknown fields are errors (a typo in a config
 * must not be silently ignored), output is indented and keys keep declaration order.
 */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Json() {}

  /** The shared mapper (thread-safe once configured). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Parses JSON into a type; a validation failure in a record's compact constructor surfaces as a
   * one-line {@link NphuntException} carrying the record's own message.
   */
  public static <T> T read(String json, Class<T> type, String source) {
    try {
      return MAPPER.readValue(json, type);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new NphuntException(source + ": " + cause.getMessage(), e);
    } catch (JsonProcessingException e) {
      throw new NphuntException(source + ": invalid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }

  public static <T> T read(Path file, Class<T> type) {
    try {
      return read(Files.readString(file), type, file.toString());
    } catch (NoSuchFileException e) {
      throw new NphuntException(file + ": no such file", e);
    } catch (IOException e) {
      throw new NphuntException(file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
