package org.nphunt.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * A static check that no production code of this module calls a DJL {@code NDArray} operation with a
 * {@code Number} operand whose backward pass keeps the operand ({@code mul, div, pow, maximum,
 * minimum} and their in-place and reversed forms).
 *
 * <p>Why: DJL makes the constant a view of a Java direct buffer that is freed right after the
 * operation, while libtorch's autograd keeps a pointer to it for the backward pass; a garbage
 * collection between forward and backward then gives wrong or NaN gradients that differ between runs
 * (the fault behind issues 14 and 16, explained in {@link Tensors}). The safe forms are
 * {@link Tensors#mul}, {@link Tensors#div}, {@link Tensors#maximum}, {@link Tensors#minimum} and
 * {@link Tensors#constant}. The check type-attributes every source file with the JDK's compiler API
 * (so {@code x.mul(beta)} is found when {@code beta} is a float and not when it is an array), and
 * fails naming file, line and call; one test also shows that it finds a planted call.
 */
class NumberOperandCheckTest {
  /** NDArray methods whose backward pass saves the Number operand. */
  static final Set<String> SAVING_OPS = Set.of(
      "mul", "muli", "div", "divi", "pow", "powi", "rdiv", "rdivi", "rpow", "rpowi",
      "maximum", "maximumi", "minimum", "minimumi");

  @Test
  void noNumberOperandOnASavingNdArrayOperation() throws IOException {
    Path root = Path.of("src/main/java");
    assertTrue(Files.isDirectory(root), "run from the module directory: " + root.toAbsolutePath());
    List<File> sources;
    try (Stream<Path> s = Files.walk(root)) {
      sources = s.filter(p -> p.toString().endsWith(".java")).map(Path::toFile)
          .sorted().collect(Collectors.toList());
    }
    List<String> found = scan(sources);
    assertEquals(List.of(), found,
        "NDArray operations with a Number operand on a path autograd may keep; use Tensors.mul/div/"
            + "maximum/minimum/constant instead");
  }

  @Test
  void theCheckFindsAPlantedCall(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Path f = dir.resolve("Planted.java");
    Files.writeString(f, String.join("\n",
        "import ai.djl.ndarray.NDArray;",
        "class Planted {",
        "  NDArray bad(NDArray x, float beta) { return x.mul(beta); }",
        "  NDArray alsoBad(NDArray x) { return x.maximum(1e-6f).div(2); }",
        "  NDArray fine(NDArray x, NDArray y) { return x.mul(y).add(1f).sub(2); }",
        "}"), StandardCharsets.UTF_8);
    List<String> found = scan(List.of(f.toFile()));
    assertEquals(3, found.size(), found.toString());
    assertTrue(found.get(0).contains("Planted.java:3") && found.get(0).contains("mul"), found.toString());
  }

  static List<String> scan(List<File> sources) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<String> found = new ArrayList<>();
    try (StandardJavaFileManager fm =
        compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      List<String> options = List.of("-proc:none", "-classpath", System.getProperty("java.class.path"),
          "--add-modules", "jdk.incubator.vector", "-Xlint:none", "-nowarn");
      JavacTask task = (JavacTask) compiler.getTask(null, fm, diagnostics, options, null,
          fm.getJavaFileObjectsFromFiles(sources));
      Iterable<? extends CompilationUnitTree> units = task.parse();
      task.analyze();
      List<String> errors = diagnostics.getDiagnostics().stream()
          .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).map(Object::toString).limit(3)
          .collect(Collectors.toList());
      assertEquals(List.of(), errors, "the sources must type-check for the scan to be complete");
      Trees trees = Trees.instance(task);
      for (CompilationUnitTree unit : units) {
        new TreePathScanner<Void, Void>() {
          @Override
          public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
            Element e = trees.getElement(getCurrentPath());
            if (e instanceof ExecutableElement m && SAVING_OPS.contains(m.getSimpleName().toString())
                && isNdArray(m.getEnclosingElement())
                && m.getParameters().stream().anyMatch(NumberOperandCheckTest::isNumber)) {
              long line = unit.getLineMap().getLineNumber(
                  trees.getSourcePositions().getStartPosition(unit, node));
              found.add(new File(unit.getSourceFile().getName()).getName() + ":" + line + " " + node);
            }
            return super.visitMethodInvocation(node, unused);
          }
        }.scan(unit, null);
      }
    }
    return found;
  }

  private static boolean isNumber(VariableElement p) {
    return p.asType().toString().equals("java.lang.Number");
  }

  private static boolean isNdArray(Element owner) {
    if (!(owner instanceof TypeElement t)) {
      return false;
    }
    String n = t.getQualifiedName().toString();
    return n.equals("ai.djl.ndarray.NDArray") || n.equals("ai.djl.ndarray.NDArrayAdapter")
        || n.startsWith("ai.djl.pytorch.engine.");
  }
}
