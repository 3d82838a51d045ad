package io.multisystem.pipeline.nexmark;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Nexmark queries as pipeline definitions (YAML), parameterised by event count, seed and sink. Each is the Beam
 * Nexmark query's semantics expressed in this engine's transforms:
 * <ul>
 *   <li>Q0 pass-through of bids; Q1 currency conversion ({@code price * 89 / 100}); Q2 selection of bids whose auction
 *       is a multiple of 123;</li>
 *   <li>Q3 local item suggestion: auctions of category 10 joined with their sellers living in OR, ID or CA;</li>
 *   <li>Q4 average winning price per category, in two chained definitions (Q4a: per auction the highest bid placed
 *       before the auction expired; Q4b: average of those per category);</li>
 *   <li>Q5 hot items, as the per-auction bid count in sliding windows (10 s every 5 s) — the count per auction and
 *       window that Beam's Q5 ranks to keep the maximum;</li>
 *   <li>Q6 average selling price of each seller's closed auctions (all of them, not Beam's last 10: the engine has no
 *       per-key bounded list), chained after Q4a;</li>
 *   <li>Q7 highest bid price per 10 s tumbling window;</li>
 *   <li>Q8 new users: persons who opened an auction within the same 10 s tumbling window as they registered.</li>
 * </ul>
 */
public final class NexmarkQueries {
    private NexmarkQueries() {
    }

    private static String source(String name, String kind, long events, long seed) {
        return "  " + name + ": {type: nexmark, kind: " + kind + ", events: " + events + ", seed: " + seed + "}\n";
    }

    /** Query name → YAML; {@code out} is the sink path prefix ({@code out + "-q1.csv"} ...). */
    public static Map<String, String> all(long events, long seed, String out) {
        Map<String, String> q = new LinkedHashMap<>();
        String bids = source("bids", "bid", events, seed);
        String auctions = source("auctions", "auction", events, seed);
        String persons = source("persons", "person", events, seed);
        q.put("q0", "name: nexmark-q0\nsources:\n" + bids + "sink: {type: csv, path: " + out + "-q0.csv}\n");
        q.put("q1", "name: nexmark-q1\nsources:\n" + bids + """
                transforms:
                  - {type: map, fields: {price: "price * 89 / 100"}}
                """ + "sink: {type: csv, path: " + out + "-q1.csv}\n");
        q.put("q2", "name: nexmark-q2\nsources:\n" + bids + """
                transforms:
                  - {type: filter, expr: "auction % 123 = 0"}
                  - {type: map, keep: false, fields: {auction: auction, price: price}}
                """ + "sink: {type: csv, path: " + out + "-q2.csv}\n");
        q.put("q3", "name: nexmark-q3\nsources:\n" + auctions + persons + """
                input: auctions
                transforms:
                  - {type: filter, expr: "category = 10"}
                  - {type: join, with: persons, leftKey: seller, rightKey: id, prefix: p_}
                  - {type: filter, expr: "state = 'OR' or state = 'ID' or state = 'CA'"}
                  - {type: map, keep: false, fields: {name: name, city: city, state: state, auction: id}}
                """ + "sink: {type: csv, path: " + out + "-q3.csv}\n");
        q.put("q4a", "name: nexmark-q4a\nsources:\n" + bids + auctions + """
                input: bids
                transforms:
                  - {type: join, with: auctions, leftKey: auction, rightKey: id, prefix: a_}
                  - {type: filter, expr: "date_time >= a_date_time and date_time < expires and price >= reserve"}
                  - {type: map, fields: {auction_key: "to_string(auction) || ':' || to_string(category) || ':' || to_string(seller)"}}
                  - {type: keyBy, field: auction_key}
                  - {type: aggregate, aggregations: ["max:price as final"]}
                  - type: map
                    keep: false
                    fields:
                      auction: "to_long(split_part(auction_key, ':', 1))"
                      category: "to_long(split_part(auction_key, ':', 2))"
                      seller: "to_long(split_part(auction_key, ':', 3))"
                      final: final
                """ + "sink: {type: csv, path: " + out + "-q4a.csv}\n");
        q.put("q4b", "name: nexmark-q4b\nsources:\n  winning: {type: csv, path: " + out + "-q4a.csv, schema: "
                + "{auction: long, category: long, seller: long, final: long}}\n" + """
                transforms:
                  - {type: keyBy, field: category}
                  - {type: aggregate, aggregations: ["avg:final as average"]}
                """ + "sink: {type: csv, path: " + out + "-q4.csv}\n");
        q.put("q5", "name: nexmark-q5\nmode: streaming\nsources:\n" + bids + """
                transforms:
                  - {type: keyBy, field: auction}
                  - {type: window, kind: sliding, size: 10s, slide: 5s, timestamp: date_time}
                  - {type: aggregate, aggregations: [count as bids]}
                """ + "sink: {type: csv, path: " + out + "-q5.csv}\n");
        q.put("q6", "name: nexmark-q6\nsources:\n  winning: {type: csv, path: " + out + "-q4a.csv, schema: "
                + "{auction: long, category: long, seller: long, final: long}}\n" + """
                transforms:
                  - {type: keyBy, field: seller}
                  - {type: aggregate, aggregations: ["avg:final as average"]}
                """ + "sink: {type: csv, path: " + out + "-q6.csv}\n");
        q.put("q7", "name: nexmark-q7\nmode: streaming\nsources:\n" + bids + """
                transforms:
                  - {type: map, fields: {all: "'all'"}}
                  - {type: keyBy, field: all}
                  - {type: window, kind: tumbling, size: 10s, timestamp: date_time}
                  - {type: aggregate, aggregations: ["max:price as highest"]}
                """ + "sink: {type: csv, path: " + out + "-q7.csv}\n");
        q.put("q8", "name: nexmark-q8\nsources:\n" + persons + auctions + """
                input: persons
                transforms:
                  - {type: join, with: auctions, leftKey: id, rightKey: seller, prefix: a_}
                  - {type: filter, expr: "floor(date_time / 10000) = floor(a_date_time / 10000)"}
                  - {type: map, keep: false, fields: {person: id, name: name, window_start: "floor(date_time / 10000) * 10000"}}
                  - {type: deduplicate, keys: [person, window_start]}
                """ + "sink: {type: csv, path: " + out + "-q8.csv}\n");
        return q;
    }
}
