package org.pgstat4j.arch;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The package dependency graph of compiled classes, read from their constant pools: a class
 * depends on every class its pool names (class entries, and types inside field, method and
 * generic signatures). Only packages under one prefix are kept. Finds the cycles: the
 * strongly connected components with more than one package.
 *
 * <p>Reads only the constant pool; a dependency that leaves no trace there (a constant
 * {@code static final} primitive inlined by javac) is invisible, which is also why such a
 * dependency cannot create a cycle at run time.
 */
public final class PackageGraph {
    private static final Pattern TYPE_IN_SIGNATURE = Pattern.compile("L([\\w/$]+)[;<]");

    /** package → package → one class-level edge that shows the dependency. */
    private final Map<String, Map<String, String>> edges = new TreeMap<>();

    private PackageGraph() {
    }

    /** The graph of the classes in the class directory that holds {@code anyClass}. */
    public static PackageGraph ofClassesOf(Class<?> anyClass, String packagePrefix) throws IOException {
        Path root;
        try {
            root = Path.of(anyClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        if (!Files.isDirectory(root)) {
            throw new IOException("expected a class directory, got " + root);
        }
        PackageGraph g = new PackageGraph();
        String prefix = packagePrefix.replace('.', '/');
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = root.relativize(f).toString().replace('\\', '/');
                name = name.substring(0, name.length() - ".class".length());
                if (!name.startsWith(prefix) || name.endsWith("package-info")) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(f)) {
                    for (String used : referencedClasses(in)) {
                        if (used.startsWith(prefix)) {
                            g.add(name, used);
                        }
                    }
                }
            }
        }
        return g;
    }

    private void add(String fromClass, String toClass) {
        String from = packageOf(fromClass);
        String to = packageOf(toClass);
        if (!from.equals(to)) {
            edges.computeIfAbsent(from, k -> new TreeMap<>()).putIfAbsent(to,
                    fromClass.replace('/', '.') + " -> " + toClass.replace('/', '.'));
        }
        edges.computeIfAbsent(to, k -> new TreeMap<>());
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return internalName.substring(0, slash).replace('/', '.');
    }

    /** The packages found. */
    public Set<String> packages() {
        return edges.keySet();
    }

    /** Whether package {@code from} depends directly on package {@code to}. */
    public boolean dependsOn(String from, String to) {
        return edges.getOrDefault(from, Map.of()).containsKey(to);
    }

    /**
     * Every cycle as text: the packages of one strongly connected component and, for each
     * dependency inside it, one class-level edge that causes it. Empty when there is none.
     */
    public List<String> cycles() {
        List<String> out = new ArrayList<>();
        for (Set<String> scc : stronglyConnected()) {
            if (scc.size() < 2) {
                continue;
            }
            StringBuilder sb = new StringBuilder("cycle among " + scc + ":");
            for (String p : scc) {
                edges.get(p).forEach((q, why) -> {
                    if (scc.contains(q)) {
                        sb.append("\n  ").append(p).append(" -> ").append(q).append("  (").append(why).append(')');
                    }
                });
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** Tarjan's algorithm (recursive: the depth is at most the number of packages). */
    private List<Set<String>> stronglyConnected() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> result = new ArrayList<>();
        int[] counter = {0};
        for (String v : edges.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, index, low, stack, onStack, result, counter);
            }
        }
        return result;
    }

    private void connect(String v, Map<String, Integer> index, Map<String, Integer> low,
                         Deque<String> stack, Set<String> onStack, List<Set<String>> result, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.push(v);
        onStack.add(v);
        for (String w : edges.getOrDefault(v, Map.of()).keySet()) {
            if (!index.containsKey(w)) {
                connect(w, index, low, stack, onStack, result, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> scc = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                scc.add(w);
            } while (!w.equals(v));
            result.add(scc);
        }
    }

    /** Internal names of the classes a class file's constant pool refers to. */
    static Set<String> referencedClasses(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNameIndexes = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNameIndexes.add(in.readUnsignedShort());
                case 8, 16, 19, 20 -> in.readUnsignedShort(); // String, MethodType, Module, Package
                case 15 -> {                                   // MethodHandle
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt(); // Integer, Float, refs, NameAndType, dynamic
                case 5, 6 -> {                                      // Long, Double take two slots
                    in.readLong();
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        Set<String> out = new TreeSet<>();
        for (int idx : classNameIndexes) {
            String n = utf8[idx];
            if (n.startsWith("[")) {
                addTypes(n, out);
            } else {
                out.add(n);
            }
        }
        for (String s : utf8) {
            if (s != null) {
                addTypes(s, out);
            }
        }
        return out;
    }

    private static void addTypes(String descriptor, Set<String> out) {
        Matcher m = TYPE_IN_SIGNATURE.matcher(descriptor);
        while (m.find()) {
            out.add(m.group(1));
        }
    }
}
