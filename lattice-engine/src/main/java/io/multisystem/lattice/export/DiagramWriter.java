package io.multisystem.lattice.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link Diagram} as Graphviz DOT or as a self-contained SVG with a layered layout.
 * <p>Design note (SVG layout, a small Sugiyama scheme). Layers: each node's layer is the length of the longest
 * upward path from it to a maximal node, so every edge points to a higher layer and the top is on row 0. Order within
 * layers: start in input order, then four down-and-up sweeps of the barycenter heuristic (each node moves to the mean
 * position of its neighbours in the adjacent, already ordered layer), which removes most crossings in practice.
 * Coordinates: evenly spaced, each layer centred. Edges are straight lines; long edges may pass near nodes (no dummy
 * vertices), which keeps the file small. Cost O(layers · (V + E) · log V). Stateless and thread-safe.
 */
public final class DiagramWriter {
    private static final int ROW = 90;
    private static final int COLUMN = 120;
    private static final int MARGIN = 60;

    private DiagramWriter() {
    }

    /** Graphviz DOT: bottom-to-top ranks, one record-like label per node, edges from lower to upper. */
    public static String dot(Diagram d) {
        StringBuilder out = new StringBuilder("digraph \"").append(escape(d.title())).append("\" {\n")
                .append("  rankdir=BT;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n")
                .append("  edge [arrowhead=none];\n");
        for (int i = 0; i < d.size(); i++) {
            String label = d.upperLabels().get(i);
            String lower = d.lowerLabels().get(i);
            String text = lower.isEmpty() ? label : label.isEmpty() ? lower : label + "\\n" + lower;
            out.append("  n").append(i).append(" [label=\"").append(escape(text).replace("\\\\n", "\\n"))
                    .append("\"];\n");
        }
        for (int e = 0; e < d.edges().size(); e++) {
            int[] edge = d.edges().get(e);
            out.append("  n").append(edge[0]).append(" -> n").append(edge[1]);
            if (!d.edgeLabels().get(e).isEmpty()) {
                out.append(" [label=\"").append(escape(d.edgeLabels().get(e))).append("\"]");
            }
            out.append(";\n");
        }
        return out.append("}\n").toString();
    }

    /** Node positions of the layered layout: {x, y} per node, y growing downward (top node on row 0). */
    public static double[][] layout(Diagram d) {
        int n = d.size();
        List<List<Integer>> up = new ArrayList<>();
        List<List<Integer>> down = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            up.add(new ArrayList<>());
            down.add(new ArrayList<>());
        }
        for (int[] e : d.edges()) {
            up.get(e[0]).add(e[1]);
            down.get(e[1]).add(e[0]);
        }
        int[] layer = new int[n];
        Arrays.fill(layer, -1);
        for (int i = 0; i < n; i++) {
            longestUp(i, up, layer);
        }
        int layers = Arrays.stream(layer).max().orElse(-1) + 1;
        List<List<Integer>> rows = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            rows.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            rows.get(layer[i]).add(i);
        }
        double[] position = new double[n];
        for (List<Integer> row : rows) {
            for (int k = 0; k < row.size(); k++) {
                position[row.get(k)] = k;
            }
        }
        for (int sweep = 0; sweep < 4; sweep++) {
            for (int l = 1; l < layers; l++) {
                reorder(rows.get(l), up, position);
            }
            for (int l = layers - 2; l >= 0; l--) {
                reorder(rows.get(l), down, position);
            }
        }
        int widest = rows.stream().mapToInt(List::size).max().orElse(1);
        double[][] xy = new double[n][2];
        for (int l = 0; l < layers; l++) {
            List<Integer> row = rows.get(l);
            double offset = (widest - row.size()) * COLUMN / 2.0;
            for (int k = 0; k < row.size(); k++) {
                xy[row.get(k)][0] = MARGIN + offset + k * COLUMN;
                xy[row.get(k)][1] = MARGIN + l * ROW;
            }
        }
        return xy;
    }

    /** A standalone SVG document of the layered layout. */
    public static String svg(Diagram d) {
        double[][] xy = layout(d);
        double width = MARGIN * 2;
        double height = MARGIN * 2;
        for (double[] p : xy) {
            width = Math.max(width, p[0] + MARGIN);
            height = Math.max(height, p[1] + MARGIN);
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\""
                + " viewBox=\"0 0 %.0f %.0f\" font-family=\"Helvetica,Arial,sans-serif\" font-size=\"11\">%n",
                width, height, width, height));
        out.append("<title>").append(xml(d.title())).append("</title>\n<g stroke=\"#555\" stroke-width=\"1.2\">\n");
        for (int e = 0; e < d.edges().size(); e++) {
            int[] edge = d.edges().get(e);
            double[] a = xy[edge[0]];
            double[] b = xy[edge[1]];
            out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>%n",
                    a[0], a[1], b[0], b[1]));
            String label = d.edgeLabels().get(e);
            if (!label.isEmpty()) {
                out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" stroke=\"none\" fill=\"#a33\""
                        + " text-anchor=\"middle\">%s</text>%n", (a[0] + b[0]) / 2, (a[1] + b[1]) / 2, xml(label)));
            }
        }
        out.append("</g>\n<g>\n");
        for (int i = 0; i < d.size(); i++) {
            double x = xy[i][0];
            double y = xy[i][1];
            out.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"7\" fill=\"#4a78c2\""
                    + " stroke=\"#223\"><title>node %d</title></circle>%n", x, y, i));
            String upper = d.upperLabels().get(i);
            String lower = d.lowerLabels().get(i);
            if (!upper.isEmpty()) {
                out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\""
                        + " fill=\"#123\">%s</text>%n", x, y - 11, xml(shorten(upper))));
            }
            if (!lower.isEmpty()) {
                out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\""
                        + " fill=\"#555\" font-style=\"italic\">%s</text>%n", x, y + 20, xml(shorten(lower))));
            }
        }
        return out.append("</g>\n</svg>\n").toString();
    }

    private static int longestUp(int i, List<List<Integer>> up, int[] layer) {
        if (layer[i] >= 0) {
            return layer[i];
        }
        // iterative deepening would avoid recursion; orders drawn here are at most Diagram.MAX_NODES deep.
        layer[i] = 0;
        int best = 0;
        for (int u : up.get(i)) {
            best = Math.max(best, longestUp(u, up, layer) + 1);
        }
        layer[i] = best;
        return best;
    }

    private static void reorder(List<Integer> row, List<List<Integer>> neighbours, double[] position) {
        double[] bary = new double[position.length];
        for (int v : row) {
            List<Integer> ns = neighbours.get(v);
            bary[v] = ns.isEmpty() ? position[v] : ns.stream().mapToDouble(u -> position[u]).average().orElse(0);
        }
        row.sort(Comparator.comparingDouble((Integer v) -> bary[v]).thenComparingDouble(v -> position[v]));
        for (int k = 0; k < row.size(); k++) {
            position[row.get(k)] = k;
        }
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
