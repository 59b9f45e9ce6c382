package org.covidct.app.pacs;

import org.covidct.app.server.Jobs;
import org.covidct.app.server.PacsSetup;
import org.covidct.app.server.SeriesDetector;
import org.covidct.app.server.ServerLog;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The Orthanc side of {@code covidct serve --orthanc URL}: its REST client, the ledger of processed series in the
 * store, the publisher of SR and Secondary Capture (the jobs' hooks) and the watcher of {@code /changes}.
 *
 * @param url  Orthanc's REST API, credentials allowed in the URL or from COVIDCT_ORTHANC_AUTH
 * @param poll how often the change log is read when idle
 */
public record OrthancSetup(String url, Duration poll) implements PacsSetup {

    @Override
    public Connection connect(Jobs jobs, SeriesDetector detector, Path store, ServerLog log) {
        OrthancClient client = new OrthancClient(url);
        ProcessedLedger ledger = new ProcessedLedger(store);
        OrthancWatcher watcher = new OrthancWatcher(client, jobs, ledger, poll, log);
        return new Connection(new OrthancPacs(client, ledger, detector, log), watcher, client.url());
    }
}
