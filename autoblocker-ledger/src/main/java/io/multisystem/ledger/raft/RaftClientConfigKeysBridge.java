package io.multisystem.ledger.raft;

import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.util.TimeDuration;

import java.util.concurrent.TimeUnit;

/** Client-side Ratis settings. */
final class RaftClientConfigKeysBridge {
    private RaftClientConfigKeysBridge() {
    }

    static void setTimeout(RaftProperties props, long millis) {
        RaftClientConfigKeys.Rpc.setRequestTimeout(props, TimeDuration.valueOf(millis, TimeUnit.MILLISECONDS));
    }
}
