// Runs `baksmali list strings FILE` for many files in one JVM (JVM start-up
// dominates a per-file run). Output: a line "=== FILE" before each file's
// strings, exactly as baksmali prints them. Launched by the baksmali oracle
// test as a single-file Java program against Debian's libsmali-java jars.
public final class BaksmaliBatch {
  public static void main(String[] files) throws Exception {
    for (String file : files) {
      System.out.println("=== " + file);
      System.out.flush();
      try {
        org.jf.baksmali.Main.main(new String[] {"list", "strings", file});
      } catch (Exception failure) {
        System.out.println("=== FAILED " + failure);
      }
      System.out.flush();
    }
  }
}
