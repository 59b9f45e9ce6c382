package org.covidct.core.io;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.covidct.core.CovidctException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Shared reading and writing rules of the project's CSVs (fold CSVs, all.csv, Patient_details.csv, metrics): a header row,
 * UTF-8 with or without a byte-order mark, CRLF or LF; every problem is a one-line user error naming the file
 * and, where there is one, the line.
 */
public final class CsvTables {

    /** What the published CSVs look like: comma separated, CRLF, quotes only where needed. */
    public static final CSVFormat WRITE_FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get();

    private static final CSVFormat READ_FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader().setSkipHeaderRecord(true).setTrim(true).setIgnoreEmptyLines(true).get();

    /** One data row with the line it started on (1-based, the header being line 1 of a file without blank lines). */
    public record Row(CSVRecord record, long line) {
        public String get(String column) {
            return record.get(column);
        }
    }

    /** Prints the rows of one CSV. */
    @FunctionalInterface
    public interface Rows {
        void print(CSVPrinter printer) throws IOException;
    }

    private CsvTables() {
    }

    /**
     * Writes a CSV in {@link #WRITE_FORMAT} atomically (see {@link AtomicFiles}); a failure is a one-line
     * user error naming the file.
     */
    public static void write(Path file, Rows rows) {
        try {
            AtomicFiles.writeText(file, out -> {
                // not closed here: AtomicFiles owns the stream and flushes it
                CSVPrinter printer = new CSVPrinter(out, WRITE_FORMAT);
                rows.print(printer);
                printer.flush();
            });
        } catch (IOException e) {
            throw new CovidctException(file, "cannot write (" + e.getMessage() + ")", e);
        } catch (UncheckedIOException e) {
            throw new CovidctException(file, "cannot write (" + e.getCause().getMessage() + ")", e);
        }
    }

    /**
     * Reads a CSV with a header, checks the required columns are present, and hands every data row to
     * {@code rowHandler}. An empty file, a missing column, a row too short for the required columns are errors.
     */
    public static void read(Path file, List<String> requiredColumns, BiConsumer<Row, Map<String, Integer>> rowHandler) {
        if (!Files.isRegularFile(file)) {
            throw new CovidctException(file, Files.exists(file) ? "not a regular file" : "no such file");
        }
        try (Reader reader = openSkippingBom(file);
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(READ_FORMAT).get()) {
            Map<String, Integer> header = parser.getHeaderMap();
            if (header == null || header.isEmpty() || header.keySet().stream().allMatch(String::isEmpty)) {
                throw new CovidctException(file, "empty file (expected a header row "
                        + String.join(",", requiredColumns) + ")");
            }
            for (String column : requiredColumns) {
                if (!header.containsKey(column)) {
                    throw new CovidctException(file, "line 1: missing column '" + column + "' (header is: "
                            + String.join(",", parser.getHeaderNames()) + ")");
                }
            }
            long previousLine = parser.getCurrentLineNumber();
            for (CSVRecord record : parser) {
                // the count of line breaks read so far is the record's line, except for a last line without one
                long line = Math.max(previousLine + 1, parser.getCurrentLineNumber());
                previousLine = line;
                for (String column : requiredColumns) {
                    if (!record.isSet(column)) {
                        throw new CovidctException(file, "line " + line + ": too few values (" + record.size()
                                + ") for column '" + column + "'");
                    }
                }
                rowHandler.accept(new Row(record, line), header);
            }
        } catch (UncheckedIOException e) {
            throw readError(file, e.getCause());
        } catch (IOException e) {
            throw readError(file, e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // commons-csv reports malformed input (unterminated quote, duplicate header name) this way
            throw new CovidctException(file, "malformed CSV: " + firstLine(e.getMessage()), e);
        }
    }

    private static CovidctException readError(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new CovidctException(file, "no such file", e);
        }
        if (e instanceof org.apache.commons.csv.CSVException) {
            return new CovidctException(file, "malformed CSV: " + firstLine(e.getMessage()), e);
        }
        if (e instanceof CharacterCodingException) {
            return new CovidctException(file, "not UTF-8 text", e);
        }
        return new CovidctException(file, "cannot read (" + firstLine(e.getMessage()) + ")", e);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static Reader openSkippingBom(Path file) throws IOException {
        BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        reader.mark(1);
        int first = reader.read();
        if (first != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }
}
