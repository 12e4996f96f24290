package org.nphunt.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nphunt.NphuntException;
import org.nphunt.json.Json;

class ConvAeConfigTest {
  @Test
  void defaults() {
    ConvAeConfig c = ConvAeConfig.defaults();
    assertEquals(new ConvAeConfig(8, 16, 32, 0.1), c);
    assertEquals("conv", c.architecture());
    assertEquals(8, c.latentDim());
    assertEquals(false, c.variational());
    assertInstanceOf(ConvAutoencoder.class, c.build());
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "-3; 16; 32; 0.1; latentDim must be > 0, found -3",
      "8; 0; 32; 0.1; filters1 must be > 0, found 0",
      "8; 16; -1; 0.1; filters2 must be > 0, found -1",
      "8; 16; 32; 1.0; negativeSlope must be in [0, 1), found 1.0",
      "8; 16; 32; -0.5; negativeSlope must be in [0, 1), found -0.5",
      "8; 16; 32; NaN; negativeSlope must be in [0, 1), found NaN"})
  void rejectsBadValues(int latent, int f1, int f2, double slope, String message) {
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class, () -> new ConvAeConfig(latent, f1, f2, slope));
    assertEquals(message, e.getMessage());
  }

  @Test
  void jsonRoundTrip() {
    ConvAeConfig c = new ConvAeConfig(5, 8, 12, 0.3);
    String json = Json.write(c);
    assertEquals(c, Json.read(json, ConvAeConfig.class, "test.json"));
    assertEquals(ConvAeConfig.defaults(),
        Json.read(Json.write(ConvAeConfig.defaults()), ConvAeConfig.class, "d.json"));
  }

  @Test
  void jsonWithBadValueFailsWithTheRecordMessage() {
    String json = Json.write(ConvAeConfig.defaults()).replace("\"filters2\" : 32", "\"filters2\" : -4");
    NphuntException e = assertThrows(NphuntException.class,
        () -> Json.read(json, ConvAeConfig.class, "model.json"));
    assertEquals("model.json: filters2 must be > 0, found -4", e.getMessage());
  }
}
