/**
 * covidct beside a PACS: Orthanc's REST API watched for stable CT series ({@code /changes}), their instances
 * fetched, and the results stored back into the same study as a DICOM SR and a Secondary Capture; a ledger of
 * processed series keeps every series to one analysis across restarts.
 *
 * <p>May depend on {@code server} (the hooks it implements), {@code detect}, {@code report} and {@code io}.
 */
package org.covidct.app.pacs;
