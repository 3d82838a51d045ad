package io.multisystem.core.crypto;

import io.multisystem.core.testing.SharedData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Reads C2SP Wycheproof test vector files from ../shared/data/wycheproof. */
final class WycheproofVectors {
    private WycheproofVectors() {
    }

    /** One test case with its group. */
    record Case(JsonNode group, JsonNode test) {
        int id() {
            return test.get("tcId").asInt();
        }

        boolean valid() {
            return "valid".equals(test.get("result").asString());
        }

        byte[] hex(String field) {
            return Hashes.fromHex(test.get(field).asString());
        }

        @Override
        public String toString() {
            return "tcId " + id() + " " + test.get("flags") + " " + test.get("comment").asString();
        }
    }

    static List<Case> load(String file) throws IOException {
        JsonNode root = JsonMapper.builder().build()
                .readTree(Files.readString(SharedData.resolve("wycheproof/" + file)));
        List<Case> cases = new ArrayList<>();
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode test : group.get("tests")) {
                cases.add(new Case(group, test));
            }
        }
        if (cases.size() != root.get("numberOfTests").asInt()) {
            throw new IllegalStateException(file + ": read " + cases.size() + " cases, header says "
                    + root.get("numberOfTests"));
        }
        return cases;
    }
}
