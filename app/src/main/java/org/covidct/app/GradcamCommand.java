package org.covidct.app;

import org.covidct.app.detect.ClassifierScorer;
import org.covidct.app.report.Images;
import org.covidct.core.CovidctException;
import org.covidct.core.image.CtSlice;
import org.covidct.core.io.AtomicFiles;
import org.covidct.core.load.SliceFiles;
import org.covidct.nn.explain.Heatmap;
import org.covidct.app.options.RunDirOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code covidct gradcam}: where a model looked on one slice, as an overlay on the lung window. */
@Command(name = "gradcam", mixinStandardHelpOptions = true,
        description = {"Grad-CAM of one CT slice (16-bit TIFF or DICOM): the regions whose features raised the "
                + "network's COVID score, over the slice in the lung window (W 1500 / L -600).",
                "Target layers: fpn: the pyramid's three inputs conv4_block1_preact_relu (stride 16), "
                + "conv5_block1_preact_relu and post_relu (stride 32), one map each, summed; resnet50v2: post_relu; "
                + "xception: block14_sepconv2_act (stride 32)."})
public final class GradcamCommand implements Callable<Integer> {

    @Mixin
    RunDirOption model;

    @Parameters(index = "0", paramLabel = "SLICE", description = "one slice: 16-bit TIFF or DICOM file")
    Path slice;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "overlay image to write")
    Path out;

    @Option(names = "--side-by-side", description = "the plain lung window left of the overlay")
    boolean sideBySide;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CtSlice s = read(slice);
        try (ClassifierScorer scorer = new ClassifierScorer(model.runDir(), 1)) {
            Heatmap map = scorer.heatmaps(List.of(s))[0];
            var lung = Images.lungWindow(s);
            var overlay = Images.overlay(lung, map);
            var image = sideBySide ? Images.besideEachOther(lung, overlay) : overlay;
            AtomicFiles.writeBytes(out, Images.png(image));
            spec.commandLine().getOut().printf(Locale.ROOT, "%s: p(covid)=%.4f, layer %s (%dx%d map)%s -> %s%n",
                    slice.getFileName(), map.pCovid(), scorer.camLayer(), map.layerWidth(), map.layerHeight(),
                    map.rawMax() == 0 ? ", no region raised the COVID score" : "", out);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    static CtSlice read(Path file) {
        if (Files.isDirectory(file)) {
            throw new CovidctException(file, "is a folder; give one slice file");
        }
        return SliceFiles.read(file);
    }
}
