/**
 * Writing the CLI's outputs atomically, a failure becoming a one-line user error.
 *
 * <p>May depend on: {@code core} only.
 */
package org.covidct.app.io;
