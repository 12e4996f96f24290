package org.nphunt.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;

class JsonTest {
  record Cfg(int batchSize, String name) {
    Cfg {
      if (batchSize <= 0) {
        throw new IllegalArgumentException("batchSize must be > 0, found " + batchSize);
      }
    }
  }

  @Test
  void recordsRoundTrip() {
    Cfg c = new Cfg(1024, "dense");
    assertEquals(c, Json.read(Json.write(c), Cfg.class, "test"));
  }

  @Test
  void validationMessageSurvivesParsing() {
    NphuntException e = assertThrows(NphuntException.class,
        () -> Json.read("{\"batchSize\": -3, \"name\": \"x\"}", Cfg.class, "cfg.json"));
    assertEquals("cfg.json: batchSize must be > 0, found -3", e.getMessage());
  }

  @Test
  void unknownFieldsAreErrors() {
    NphuntException e = assertThrows(NphuntException.class,
        () -> Json.read("{\"batchSize\": 3, \"name\": \"x\", \"batchsize\": 4}", Cfg.class, "cfg.json"));
    assertTrue(e.getMessage().startsWith("cfg.json: invalid Cfg"), e.getMessage());
  }
}
