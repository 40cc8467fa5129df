package io.tlsresume.multihost;

import io.tlsresume.testkit.TempFilesCheck;
import org.junit.jupiter.api.Order;

/** Runs last: this module's tests leave no temporary files (see {@link TempFilesCheck}). */
@Order(Integer.MAX_VALUE)
class TempFilesLeftTest extends TempFilesCheck {
}
