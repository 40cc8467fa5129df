package io.tlsresume.tomcat;

import io.tlsresume.testkit.TempFilesCheck;

/** Runs last: this module's tests leave no temporary files (see {@link TempFilesCheck}). */
class TempFilesLeftTest extends TempFilesCheck {
}
