package io.authbridge.management;

import io.authbridge.e2e.GatewayTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two changes to tokens of one minting chain at the same moment, on H2, the first request reading its token before
 * the other's change commits: every pair of kinds of change (name, permissions, notes, disable, enable) on one token
 * and on two tokens of a chain ends with both changes ({@link ConcurrentTokenChanges}). H2's driver waits on a row lock
 * in the thread that asked, so the first request is held before it takes the chain's lock rather than behind a lock.
 */
class ConcurrentTokenChangesTest extends GatewayTestSupport {

    @Test
    void twoChangesToAChainAtTheSameMomentBothStayWhateverEachReadBefore() throws Exception {
        long seed = Long.getLong("race.seed", System.nanoTime());
        int cases = new ConcurrentTokenChanges(client, tokens, ConcurrentTokenChanges.heldBeforeTheLock(tokens),
                adminToken(), newProject().id(), "/none/race")
            .runAllPairs(seed);
        assertThat(cases).as("pairs of changes").isEqualTo(43);
    }
}
