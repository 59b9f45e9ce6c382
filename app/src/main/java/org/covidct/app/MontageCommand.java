package org.covidct.app;

import org.covidct.core.CovidctException;
import org.covidct.core.image.CtSlice;
import org.covidct.core.display.DisplayWindow;
import org.covidct.core.display.Montage;
import org.covidct.core.io.AtomicFiles;
import org.covidct.core.series.Series;
import org.covidct.core.load.SeriesLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/** {@code covidct montage}: a windowed contact sheet of one or more series, side by side. */
@Command(name = "montage", mixinStandardHelpOptions = true,
        description = {"Writes a PNG contact sheet of every N-th slice of each SERIES folder (TIFF or DICOM), "
                + "windowed (lung W1500/L-600 by default); several series are put side by side."})
public final class MontageCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "SERIES", description = "series folders")
    List<Path> series;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "output PNG")
    Path out;

    @Option(names = "--every", paramLabel = "N", description = "take every N-th slice (default: about 16 per series)")
    Integer every;

    @Option(names = "--count", defaultValue = "16", paramLabel = "K",
            description = "slices per series when --every is not given (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--columns", defaultValue = "4", description = "tiles per row (default ${DEFAULT-VALUE})")
    int columns;

    @Option(names = "--tile", defaultValue = "256", paramLabel = "PX", description = "tile width (default ${DEFAULT-VALUE})")
    int tile;

    @Option(names = "--window", defaultValue = "lung", paramLabel = "W/L",
            description = "window as WIDTH/LEVEL in HU (e.g. 1500/-600), lung, mediastinum, bone or max "
                    + "(default ${DEFAULT-VALUE}: W1500/L-600)")
    String window;

    @Option(names = "--title", paramLabel = "TEXT", description = "title of each sheet (default: the folder path)")
    List<String> titles;

    @Override
    public Integer call() throws IOException {
        DisplayWindow win = DisplayWindow.parse(window);
        if (columns < 1 || tile < 16 || count < 1 || (every != null && every < 1)) {
            throw new ParameterException(spec.commandLine(), "--columns, --tile, --count and --every must be positive");
        }
        List<BufferedImage> sheets = new ArrayList<>();
        for (int s = 0; s < series.size(); s++) {
            Path dir = series.get(s);
            Series ser = SeriesLoader.open(dir);
            int n = ser.size();
            int step = every != null ? every : Math.max(1, (int) Math.ceil(n / (double) count));
            int[] picks = IntStream.iterate(0, i -> i < n, i -> i + step).toArray();
            BufferedImage[] tiles = new BufferedImage[picks.length];
            IntStream.range(0, picks.length).parallel().forEach(k -> {
                CtSlice slice = ser.slices().get(picks[k]).read();
                tiles[k] = Montage.windowed(slice, win, tile);
            });
            List<String> labels = new ArrayList<>();
            for (int p : picks) {
                labels.add(String.valueOf(p + 1));
            }
            String title = titles != null && s < titles.size() ? titles.get(s)
                    : String.format(Locale.ROOT, "%s (%d slices, every %d)", dir, n, step);
            sheets.add(Montage.sheet(List.of(tiles), labels, columns, title));
        }
        BufferedImage img = sheets.size() == 1 ? sheets.get(0) : Montage.beside(sheets);
        AtomicFiles.write(out, o -> {
            if (!ImageIO.write(img, "png", o)) {
                throw new CovidctException(out, "no PNG writer");
            }
        });
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s (%dx%d)%n", out, img.getWidth(), img.getHeight());
        return 0;
    }
}
