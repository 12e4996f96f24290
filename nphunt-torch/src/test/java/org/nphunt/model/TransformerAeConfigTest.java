package org.nphunt.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nphunt.NphuntException;
import org.nphunt.json.Json;

class TransformerAeConfigTest {
  @Test
  void defaults() {
    TransformerAeConfig c = TransformerAeConfig.defaults();
    assertEquals(new TransformerAeConfig(8, 32, 4, 2, 2, 64, 0.0), c);
    assertEquals("transformer", c.architecture());
    assertEquals(false, c.variational());
    assertInstanceOf(TransformerAutoencoder.class, c.build());
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "0; 32; 4; 2; 2; 64; 0; latentDim must be > 0, found 0",
      "8; -32; 4; 2; 2; 64; 0; embedDim must be > 0, found -32",
      "8; 32; -3; 2; 2; 64; 0; heads must be > 0, found -3",
      "8; 30; 4; 2; 2; 64; 0; embedDim must be divisible by heads, found 30 and 4",
      "8; 32; 4; 0; 2; 64; 0; encoderLayers must be > 0, found 0",
      "8; 32; 4; 2; -1; 64; 0; decoderLayers must be >= 0, found -1",
      "8; 32; 4; 2; 2; 0; 0; ffDim must be > 0, found 0",
      "8; 32; 4; 2; 2; 64; 1; dropout must be in [0, 1), found 1.0",
      "8; 32; 4; 2; 2; 64; -0.1; dropout must be in [0, 1), found -0.1"})
  void rejectsBadValues(int latent, int d, int heads, int enc, int dec, int ff, double dropout,
      String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TransformerAeConfig(latent, d, heads, enc, dec, ff, dropout));
    assertEquals(message, e.getMessage());
  }

  @Test
  void zeroDecoderLayersIsAllowed() {
    assertEquals(0, new TransformerAeConfig(8, 32, 4, 1, 0, 64, 0).decoderLayers());
  }

  @Test
  void jsonRoundTrip() {
    TransformerAeConfig c = new TransformerAeConfig(6, 48, 6, 3, 1, 96, 0.1);
    assertEquals(c, Json.read(Json.write(c), TransformerAeConfig.class, "test.json"));
    TransformerAeConfig d = TransformerAeConfig.defaults();
    assertEquals(d, Json.read(Json.write(d), TransformerAeConfig.class, "d.json"));
  }

  @Test
  void jsonWithBadValueFailsWithTheRecordMessage() {
    String json = Json.write(TransformerAeConfig.defaults()).replace("\"heads\" : 4", "\"heads\" : 5");
    NphuntException e = assertThrows(NphuntException.class,
        () -> Json.read(json, TransformerAeConfig.class, "model.json"));
    assertEquals("model.json: embedDim must be divisible by heads, found 32 and 5", e.getMessage());
  }

  @Test
  void jsonWithUnknownFieldFails() {
    String json = Json.write(TransformerAeConfig.defaults()).replace("{", "{\"layers\" : 3,");
    assertThrows(NphuntException.class, () -> Json.read(json, TransformerAeConfig.class, "m.json"));
  }
}
