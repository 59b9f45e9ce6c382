package org.covidct.core.dicom;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * A program for a child JVM with a small heap: reads the header and the image of each file given and
 * prints one line per file ("file ok rows x cols, N elements kept" or "file refused: ...") and the peak
 * heap (the sum of the heap pools' peak usage, an upper bound of the live peak). Used by
 * {@link BoundedMemoryTest} and for the measurements of docs/DICOM.md.
 */
public final class HeapProbe {
    private HeapProbe() {
    }

    public static void main(String[] args) {
        for (String a : args) {
            Path f = Path.of(a);
            try {
                DicomHeader h = DicomFile.readHeader(f);
                DicomImage img = DicomFile.read(f);
                System.out.println(f.getFileName() + " ok " + img.width() + "x" + img.height() + ", "
                        + count(h.attributes()) + " elements kept");
            } catch (org.covidct.core.CovidctException e) {
                System.out.println(f.getFileName() + " refused: " + e.getMessage());
            }
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("peak heap " + peak / (1024 * 1024) + " MiB");
    }

    /** Elements kept in a data set and all its nested items. */
    static long count(DicomAttributes a) {
        long n = 0;
        for (int tag : a.tags()) {
            n++;
            for (DicomAttributes item : a.items(tag)) {
                n += count(item);
            }
        }
        return n;
    }
}
