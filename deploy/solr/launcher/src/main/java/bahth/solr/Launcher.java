package bahth.solr;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.cloud.ZkTestServer;
import org.apache.solr.common.cloud.ClusterState;
import org.apache.solr.common.cloud.DocCollection;
import org.apache.solr.common.cloud.Replica;
import org.apache.solr.common.cloud.Slice;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bahth's development and CI SolrCloud: ZooKeeper and N Jetty Solr nodes in one JVM.
 *
 * <p>{@link MiniSolrCloudCluster} (solr-test-framework) is driven from a plain {@code main}, not
 * from JUnit, as JanusGraph's Solr test support does from a static method. Ports are fixed
 * (node i listens on basePort+i-1) so a test can stop one node and start it again on the same
 * URL. A tiny HTTP control channel on 127.0.0.1 answers {@code GET /status} and {@code POST
 * /nodes/stop?i=N}, {@code POST /nodes/start?i=N}, {@code POST /shutdown}. SIGTERM shuts down
 * cleanly (nodes first, then ZooKeeper).
 *
 * <p>This is a test cluster: one JVM, one machine, no security, data under the run directory.
 */
public final class Launcher {
  private static final Logger log = LoggerFactory.getLogger(Launcher.class);

  private final Options opt;
  private final long startNanos = System.nanoTime();
  private ZkTestServer zk;
  private MiniSolrCloudCluster cluster;
  private final List<JettySolrRunner> nodes = new ArrayList<>();
  private final boolean[] running;
  private HttpServer control;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final Object lock = new Object();
  private volatile boolean shutDown;
  private volatile String phase = "starting";
  private volatile double readySeconds = -1;

  static final class Options {
    int nodes = 2;
    int basePort = envInt("BAHTH_SOLR_PORT", 8983);
    int zkPort = envInt("BAHTH_SOLR_ZK_PORT", -1);
    int controlPort = envInt("BAHTH_SOLR_CONTROL_PORT", -1);
    Path runDir = Paths.get(envStr("BAHTH_SOLR_RUN_DIR", "run"));
    Path configset;
    String configName = "bahth";
    String collection = envStr("BAHTH_SOLR_COLLECTION", "bahth");
    int shards = 2;
    int replicas = 2;
    int timeoutSeconds = 120;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        String v = i + 1 < args.length ? args[i + 1] : null;
        switch (a) {
          case "--nodes" -> o.nodes = Integer.parseInt(need(a, v));
          case "--base-port" -> o.basePort = Integer.parseInt(need(a, v));
          case "--zk-port" -> o.zkPort = Integer.parseInt(need(a, v));
          case "--control-port" -> o.controlPort = Integer.parseInt(need(a, v));
          case "--run-dir" -> o.runDir = Paths.get(need(a, v));
          case "--configset" -> o.configset = Paths.get(need(a, v));
          case "--config-name" -> o.configName = need(a, v);
          case "--collection" -> o.collection = need(a, v);
          case "--shards" -> o.shards = Integer.parseInt(need(a, v));
          case "--replicas" -> o.replicas = Integer.parseInt(need(a, v));
          case "--timeout" -> o.timeoutSeconds = Integer.parseInt(need(a, v));
          default -> throw new IllegalArgumentException("unknown argument: " + a);
        }
        i++;
      }
      if (o.configset == null) throw new IllegalArgumentException("--configset DIR is required");
      if (o.nodes < 1 || o.nodes > 9) throw new IllegalArgumentException("--nodes must be 1..9");
      if (o.zkPort < 0) o.zkPort = o.basePort + 1000; // Solr's own convention: 8983 -> 9983
      if (o.controlPort < 0) o.controlPort = o.basePort + 10; // 8993
      o.runDir = o.runDir.toAbsolutePath();
      o.configset = o.configset.toAbsolutePath();
      return o;
    }

    private static String need(String flag, String v) {
      if (v == null) throw new IllegalArgumentException(flag + " needs a value");
      return v;
    }

    private static int envInt(String name, int dflt) {
      String v = System.getenv(name);
      return v == null || v.isBlank() ? dflt : Integer.parseInt(v.trim());
    }

    private static String envStr(String name, String dflt) {
      String v = System.getenv(name);
      return v == null || v.isBlank() ? dflt : v.trim();
    }
  }

  private Launcher(Options opt) {
    this.opt = opt;
    this.running = new boolean[opt.nodes];
  }

  public static void main(String[] args) {
    Options opt;
    try {
      opt = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(
          "usage: Launcher --configset DIR [--nodes N] [--base-port P] [--zk-port P]"
              + " [--control-port P] [--run-dir DIR] [--collection NAME] [--shards S]"
              + " [--replicas R] [--timeout SECONDS]");
      System.exit(64);
      return;
    }
    Launcher launcher = new Launcher(opt);
    Runtime.getRuntime().addShutdownHook(new Thread(launcher::shutdown, "bahth-shutdown"));
    try {
      launcher.start();
    } catch (Throwable t) {
      log.error("startup failed", t);
      System.out.println("error: startup failed: " + t);
      System.out.flush();
      launcher.phase = "failed";
      launcher.writeStateQuietly();
      System.exit(2);
      return;
    }
    try {
      launcher.stopRequested.await();
    } catch (InterruptedException ignored) {
      Thread.currentThread().interrupt();
    }
    System.exit(0); // runs the shutdown hook
  }

  private void start() throws Exception {
    Files.createDirectories(opt.runDir);
    Path base = opt.runDir.resolve("data");
    Files.createDirectories(base);
    // Test-framework settings a real Solr sets itself; keep the cluster lean.
    System.setProperty("solr.allowPaths", opt.runDir.toString());
    System.setProperty("solr.distributedClusterStateUpdates", "false");
    System.setProperty("solr.distributedCollectionConfigSetExecution", "false");
    System.setProperty("solr.default.confdir", opt.configset.toString());

    log.info("starting ZooKeeper on 127.0.0.1:{}", opt.zkPort);
    zk = new ZkTestServer(base.resolve("zookeeper/server1/data"), opt.zkPort);
    zk.run(true);
    System.out.println("zk 127.0.0.1:" + zk.getPort());
    System.out.flush();

    // Zero nodes at construction: we start each node ourselves on its fixed port.
    cluster =
        new MiniSolrCloudCluster(
            0,
            base,
            MiniSolrCloudCluster.DEFAULT_CLOUD_SOLR_XML,
            JettyConfig.builder().setContext("/solr").build(),
            zk,
            false);
    for (int i = 0; i < opt.nodes; i++) {
      JettyConfig cfg =
          JettyConfig.builder()
              .setContext("/solr")
              .setPort(opt.basePort + i)
              .stopAtShutdown(false)
              .build();
      JettySolrRunner jetty = cluster.startJettySolrRunner("node" + (i + 1), "/solr", cfg);
      nodes.add(jetty);
      running[i] = true;
    }
    for (JettySolrRunner jetty : nodes) cluster.waitForNode(jetty, opt.timeoutSeconds);
    for (int i = 0; i < nodes.size(); i++) {
      System.out.println("node " + nodeUrl(i));
    }
    System.out.flush();

    cluster.uploadConfigSet(opt.configset, opt.configName);
    log.info("configset {} uploaded from {}", opt.configName, opt.configset);
    ClusterState state = cluster.getZkStateReader().getClusterState();
    if (state.getCollectionOrNull(opt.collection) == null) {
      CollectionAdminRequest.createCollection(
              opt.collection, opt.configName, opt.shards, opt.replicas)
          .process(cluster.getSolrClient());
    }
    cluster.waitForActiveCollection(
        opt.collection,
        opt.timeoutSeconds,
        TimeUnit.SECONDS,
        opt.shards,
        opt.shards * opt.replicas);

    startControl();
    readySeconds = (System.nanoTime() - startNanos) / 1e9;
    phase = "ready";
    writeState();
    System.out.println("control http://127.0.0.1:" + opt.controlPort);
    System.out.printf(
        "ready collection=%s shards=%d replicas=%d seconds=%.1f%n",
        opt.collection, opt.shards, opt.replicas, readySeconds);
    System.out.flush();
  }

  private String nodeUrl(int i) {
    return "http://127.0.0.1:" + (opt.basePort + i) + "/solr";
  }

  // ---------------------------------------------------------------- control channel

  private void startControl() throws IOException {
    control = HttpServer.create(new InetSocketAddress("127.0.0.1", opt.controlPort), 8);
    control.setExecutor(Executors.newFixedThreadPool(2));
    control.createContext("/status", ex -> reply(ex, 200, statusJson()));
    control.createContext("/nodes/stop", ex -> nodeOp(ex, false));
    control.createContext("/nodes/start", ex -> nodeOp(ex, true));
    control.createContext(
        "/shutdown",
        ex -> {
          if (!ex.getRequestMethod().equals("POST")) {
            reply(ex, 405, "{\"error\":\"POST only\"}");
            return;
          }
          reply(ex, 200, "{\"ok\":true}");
          stopRequested.countDown();
        });
    control.start();
  }

  private void nodeOp(HttpExchange ex, boolean start) throws IOException {
    if (!ex.getRequestMethod().equals("POST")) {
      reply(ex, 405, "{\"error\":\"POST only\"}");
      return;
    }
    Map<String, String> q = query(ex.getRequestURI());
    int i;
    try {
      i = Integer.parseInt(q.getOrDefault("i", ""));
    } catch (NumberFormatException e) {
      reply(ex, 400, "{\"error\":\"i=N (1-based node index) required\"}");
      return;
    }
    if (i < 1 || i > nodes.size()) {
      reply(ex, 400, "{\"error\":\"no node " + i + "; nodes are 1.." + nodes.size() + "\"}");
      return;
    }
    int wait = Integer.parseInt(q.getOrDefault("wait", String.valueOf(opt.timeoutSeconds)));
    try {
      String msg = start ? startNode(i - 1, wait) : stopNode(i - 1, wait);
      reply(ex, 200, "{\"ok\":true,\"message\":" + js(msg) + ",\"status\":" + statusJson() + "}");
    } catch (Exception e) {
      log.error("node operation failed", e);
      reply(ex, 500, "{\"ok\":false,\"error\":" + js(String.valueOf(e)) + "}");
    }
  }

  private String stopNode(int i, int waitSeconds) throws Exception {
    synchronized (lock) {
      if (!running[i]) return "node " + (i + 1) + " already stopped";
      JettySolrRunner jetty = nodes.get(i);
      cluster.stopJettySolrRunner(jetty);
      cluster.waitForJettyToStop(jetty);
      running[i] = false;
      writeState();
      log.info("node {} stopped ({})", i + 1, nodeUrl(i));
    }
    // Wait for leader election: every shard that still has a live replica gets an active leader.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
    while (System.nanoTime() < deadline && !leadersSettled()) Thread.sleep(200);
    writeState();
    return "node " + (i + 1) + " stopped";
  }

  /** True when each shard has an active leader or no live replica at all (nothing to elect). */
  private boolean leadersSettled() {
    ClusterState cs = cluster.getZkStateReader().getClusterState();
    Set<String> live = cs.getLiveNodes();
    DocCollection coll = cs.getCollectionOrNull(opt.collection);
    if (coll == null) return true;
    for (Slice slice : coll.getSlices()) {
      Replica leader = slice.getLeader();
      boolean led = leader != null && leader.isActive(live);
      boolean anyLive = slice.getReplicas().stream().anyMatch(r -> live.contains(r.getNodeName()));
      if (!led && anyLive) return false;
    }
    return true;
  }

  private String startNode(int i, int waitSeconds) throws Exception {
    synchronized (lock) {
      if (running[i]) return "node " + (i + 1) + " already running";
      JettySolrRunner jetty = nodes.get(i);
      cluster.startJettySolrRunner(jetty, true); // same port, same data
      cluster.waitForNode(jetty, waitSeconds);
      running[i] = true;
      writeState();
      log.info("node {} started ({})", i + 1, nodeUrl(i));
    }
    // Wait until every replica is active again (the node's replicas recover from the leaders).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
    while (System.nanoTime() < deadline) {
      if ("healthy".equals(health().get("health"))) return "node " + (i + 1) + " started";
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "node " + (i + 1) + " started but the collection is not healthy after " + waitSeconds + "s");
  }

  // ---------------------------------------------------------------- state

  /** Collection health from ZooKeeper's cluster state and the live nodes. */
  private Map<String, Object> health() {
    Map<String, Object> h = new HashMap<>();
    StringBuilder shards = new StringBuilder("[");
    String health = "down";
    try {
      var reader = cluster.getZkStateReader();
      ClusterState cs = reader.getClusterState();
      Set<String> live = cs.getLiveNodes();
      DocCollection coll = cs.getCollectionOrNull(opt.collection);
      if (coll == null) {
        health = "missing";
      } else {
        boolean allActive = true;
        boolean everyShardLed = true;
        boolean firstSlice = true;
        for (Slice slice : coll.getSlices()) {
          Replica leader = slice.getLeader();
          boolean led = leader != null && leader.isActive(live);
          everyShardLed &= led;
          if (!firstSlice) shards.append(',');
          firstSlice = false;
          shards.append("{\"name\":").append(js(slice.getName())).append(",\"replicas\":[");
          boolean firstRep = true;
          for (Replica r : slice.getReplicas()) {
            boolean active = r.isActive(live);
            allActive &= active;
            if (!firstRep) shards.append(',');
            firstRep = false;
            shards
                .append("{\"name\":")
                .append(js(r.getName()))
                .append(",\"node\":")
                .append(js(r.getNodeName()))
                .append(",\"state\":")
                .append(js(live.contains(r.getNodeName()) ? r.getState().toString() : "gone"))
                .append(",\"leader\":")
                .append(leader != null && leader.getName().equals(r.getName()))
                .append('}');
          }
          shards.append("]}");
        }
        health = allActive ? "healthy" : everyShardLed ? "degraded" : "down";
      }
      h.put("live_nodes", live.size());
    } catch (Exception e) {
      h.put("error", String.valueOf(e));
    }
    shards.append(']');
    h.put("health", health);
    h.put("shards", shards.toString());
    return h;
  }

  private String statusJson() {
    Map<String, Object> h = health();
    StringBuilder b = new StringBuilder("{");
    b.append("\"phase\":").append(js(phase));
    b.append(",\"pid\":").append(ProcessHandle.current().pid());
    b.append(",\"zk\":").append(js("127.0.0.1:" + opt.zkPort));
    b.append(",\"zk_host\":").append(js("127.0.0.1:" + opt.zkPort + "/solr"));
    b.append(",\"control\":").append(js("http://127.0.0.1:" + opt.controlPort));
    b.append(",\"collection\":").append(js(opt.collection));
    b.append(",\"shards_wanted\":").append(opt.shards);
    b.append(",\"replicas_wanted\":").append(opt.replicas);
    b.append(",\"ready_seconds\":").append(readySeconds < 0 ? "null" : String.format("%.2f", readySeconds));
    b.append(",\"heap_used_mb\":")
        .append(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);
    b.append(",\"nodes\":[");
    for (int i = 0; i < opt.nodes; i++) {
      if (i > 0) b.append(',');
      boolean up = i < running.length && running[i] && i < nodes.size();
      b.append("{\"index\":").append(i + 1);
      b.append(",\"url\":").append(js(nodeUrl(i)));
      b.append(",\"port\":").append(opt.basePort + i);
      b.append(",\"running\":").append(up).append('}');
    }
    b.append("],\"health\":").append(js(String.valueOf(h.get("health"))));
    b.append(",\"live_nodes\":").append(h.getOrDefault("live_nodes", 0));
    if (h.containsKey("error")) b.append(",\"error\":").append(js(String.valueOf(h.get("error"))));
    b.append(",\"shards\":").append(h.get("shards"));
    return b.append('}').toString();
  }

  private void writeState() throws IOException {
    Path tmp = opt.runDir.resolve("state.json.tmp");
    Files.writeString(tmp, statusJson() + "\n", StandardCharsets.UTF_8);
    Files.move(
        tmp,
        opt.runDir.resolve("state.json"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private void writeStateQuietly() {
    try {
      if (cluster != null || zk != null) writeState();
    } catch (Exception e) {
      log.warn("could not write state file", e);
    }
  }

  // ---------------------------------------------------------------- shutdown

  private void shutdown() {
    synchronized (this) {
      if (shutDown) return;
      shutDown = true;
    }
    log.info("shutting down");
    phase = "stopping";
    writeStateQuietly();
    if (control != null) control.stop(0);
    try {
      if (cluster != null) cluster.shutdown(); // every running node; ZooKeeper is ours
    } catch (Exception e) {
      log.error("error stopping Solr nodes", e);
    }
    try {
      if (zk != null) zk.shutdown();
    } catch (Exception e) {
      log.error("error stopping ZooKeeper", e);
    }
    phase = "stopped";
    for (int i = 0; i < running.length; i++) running[i] = false;
    try {
      Files.deleteIfExists(opt.runDir.resolve("state.json"));
    } catch (IOException ignored) {
      // the script removes the run directory anyway
    }
    System.out.println("stopped");
    System.out.flush();
  }

  // ---------------------------------------------------------------- helpers

  private static void reply(HttpExchange ex, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> q = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) return q;
    for (String kv : raw.split("&")) {
      int eq = kv.indexOf('=');
      if (eq > 0) q.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return q;
  }

  static String js(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.append('"').toString();
  }
}
