package org.covidct.app;

import org.covidct.core.CovidctException;
import org.covidct.core.io.OutputFolders;
import org.covidct.core.image.CtSlice;
import org.covidct.core.display.DisplayWindow;
import org.covidct.core.display.Visualization;
import org.covidct.core.load.SeriesFolders;
import org.covidct.core.load.SliceFiles;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** {@code covidct visualize}: the reference Visualize output, or windowed PNGs, of one slice or a tree. */
@Command(name = "visualize", mixinStandardHelpOptions = true,
        description = {
                "Renders CT slices (TIFF or DICOM) for viewing.",
                "Default: the COVID-CTset Visualize output, each slice divided by its own maximum and saved as a "
                        + "32-bit float TIFF. With --png (or --window/--max): an 8-bit grey PNG through a window, "
                        + "lung W1500/L-600 by default.",
                "IN is a slice file or a folder tree; for a tree OUT is a folder that mirrors IN."})
public final class VisualizeCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "slice file or folder tree")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "output file (one slice) or folder (tree)")
    Path out;

    @Option(names = "--png", description = "write windowed 8-bit PNG instead of the float TIFF")
    boolean png;

    static final class WindowChoice {
        @Option(names = "--window", paramLabel = "W/L",
                description = "window in HU as WIDTH/LEVEL (e.g. 1500/-600), or lung, mediastinum, bone; implies --png")
        String window;

        @Option(names = "--max", description = "scale each slice by its own maximum onto 0..255; implies --png")
        boolean max;
    }

    @ArgGroup(exclusive = true)
    WindowChoice choice;

    @Override
    public Integer call() throws IOException {
        DisplayWindow window = choice == null ? null
                : choice.max ? DisplayWindow.sliceMax() : DisplayWindow.parse(choice.window);
        boolean asPng = png || window != null;
        DisplayWindow w = window == null ? DisplayWindow.LUNG : window;
        String ext = asPng ? ".png" : ".tif";

        List<Path[]> jobs = new ArrayList<>();
        Path dest = OutputFolders.resolve(out); // "x/../y" with x missing must not leave x behind
        if (Files.isRegularFile(in)) {
            Path target = Files.isDirectory(dest) ? dest.resolve(stem(in) + ext) : dest;
            jobs.add(new Path[] {in, target});
        } else if (Files.isDirectory(in)) {
            Path root = in.toAbsolutePath().normalize();
            if (dest.startsWith(OutputFolders.resolve(root))) {
                throw new CovidctException(out, "the output folder must not be inside IN (" + in + ")");
            }
            for (Path dir : SeriesFolders.find(root)) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.sorted().toList()) {
                        if (!f.getFileName().toString().startsWith(".") && SliceFiles.isSlice(f)) {
                            jobs.add(new Path[] {f, dest.resolve(root.relativize(dir).toString()).resolve(stem(f) + ext)});
                        }
                    }
                }
            }
            if (jobs.isEmpty()) {
                throw new CovidctException(in, "no TIFF or DICOM slices in this folder tree");
            }
        } else {
            throw new CovidctException(in, "no such file or folder");
        }
        jobs.parallelStream().forEach(j -> {
            CtSlice slice = SliceFiles.read(j[0]);
            if (asPng) {
                Visualization.writePng(j[1], slice, w);
            } else {
                Visualization.writeReferenceVisualization(j[1], slice);
            }
        });
        var o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "wrote %d %s to %s%n", jobs.size(),
                asPng ? "PNG(s) through window " + w : "float32 TIFF(s) (value / slice max)", out);
        o.flush();
        return 0;
    }

    private static String stem(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
