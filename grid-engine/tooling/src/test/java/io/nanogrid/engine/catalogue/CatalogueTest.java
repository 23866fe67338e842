package io.nanogrid.engine.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.testing.SharedData;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.CacheFolders;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogueTest {
    @TempDir
    Path dir;

    @Test
    void theBuiltInCatalogueHoldsExactlyTheSharedDataFilesWithTheirChecksumsAndSizes() throws Exception {
        Path sums = SharedData.require("SHA256SUMS");
        Map<String, String> expected = new HashMap<>();
        for (String line : Files.readAllLines(sums)) {
            String[] parts = line.trim().split("\\s+");
            expected.put(parts[1].replaceFirst("^\\./", ""), parts[0]);
        }
        Catalogue c = Catalogue.builtIn();
        Map<String, String> listed = new HashMap<>();
        for (CatalogueEntry e : c.datasets()) {
            for (CatalogueFile f : e.files()) {
                listed.put(f.path(), f.sha256());
                assertEquals(Files.size(SharedData.dir().resolve(f.path())), f.size(), f.path());
                assertTrue(f.url().startsWith("https://raw.githubusercontent.com/"), f.url());
            }
        }
        assertEquals(expected, listed);
        assertEquals(List.of("sst2", "sms_spam", "agnews", "snips", "langid", "mnist", "cnn_mnist"), c.names());
    }

    @Test
    void roundTrips() {
        Catalogue c = Catalogue.builtIn();
        assertEquals(c, Catalogue.parse(c.toJson(), "again"));
    }

    @Test
    void refusesUnknownVersionsFieldsAndBadValuesWithTheirPath() {
        String json = Catalogue.builtIn().toJson();
        assertMessage("c.json: formatVersion 2 is not supported by this nanogrid (it reads version 1)",
                json.replaceFirst("\"formatVersion\": 1", "\"formatVersion\": 2"));
        assertMessage("c.json: datasets[0].files[0].sha: unknown field (expected one of path, url, sha256, size)",
                json.replaceFirst("\"sha256\"", "\"sha\""));
        assertMessage("c.json: datasets[0].files[0].sha256: expected 64 lower-case hex digits, got c3c4",
                json.replaceFirst("c3c410c1cd1307a8dfcbc51f69086c61fc7d95c0fc353b80009dfe5fb4970172", "c3c4"));
        assertMessage("c.json: datasets[0].files[0].path: expected a relative path of plain names separated by "
                + "'/', got ../sst2/train.tsv", json.replaceFirst("\"text/sst2/train.tsv\",\\s*\"url\"",
                        "\"../sst2/train.tsv\", \"url\"").replace("\"text/sst2/train.tsv\"\n", "\"../sst2/train.tsv\"\n"));
    }

    private static void assertMessage(String expected, String json) {
        BadInputException e = assertThrows(BadInputException.class, () -> Catalogue.parse(json, "c.json"));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void theCacheFolderFollowsTheEnvironmentAndThePlatform() {
        Path home = Path.of("/home/u");
        assertEquals(Path.of("/c"), CacheFolders.resolve(Map.of("NANOGRID_CACHE", "/c", "XDG_CACHE_HOME", "/x"),
                "Linux", home));
        assertEquals(Path.of("/x", "nanogrid"), CacheFolders.resolve(Map.of("XDG_CACHE_HOME", "/x"), "Linux", home));
        assertEquals(home.resolve(".cache/nanogrid"), CacheFolders.resolve(Map.of(), "Linux", home));
        assertEquals(home.resolve("Library/Caches/nanogrid"), CacheFolders.resolve(Map.of(), "Mac OS X", home));
        assertEquals(Path.of("C:/Users/u/AppData/Local", "nanogrid"), CacheFolders.resolve(
                Map.of("LOCALAPPDATA", "C:/Users/u/AppData/Local"), "Windows 11", home));
    }

    @Test
    void theMirrorIsTheOptionElseTheEnvironmentElseThePropertiesElseSharedDataWhenPresent() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Properties props = new Properties();
        props.setProperty("user.home", dir.toString());
        props.setProperty("os.name", "Linux");
        props.setProperty(DataSettings.SHARED_DATA_PROPERTY, shared.toString());
        Map<String, String> env = Map.of(DataSettings.MIRROR_ENV, "http://127.0.0.1:9/m");
        assertEquals(new Mirror.Folder(a), DataSettings.resolve(null, a.toString(), env, props).mirror());
        assertEquals(new Mirror.Server(URI.create("http://127.0.0.1:9/m/")),
                DataSettings.resolve(null, null, env, props).mirror());
        props.setProperty(DataSettings.MIRROR_PROPERTY, b.toString());
        assertEquals(new Mirror.Folder(b), DataSettings.resolve(null, null, Map.of(), props).mirror());
        props.remove(DataSettings.MIRROR_PROPERTY);
        assertEquals(new Mirror.Folder(shared), DataSettings.resolve(null, null, Map.of(), props).mirror());
        props.setProperty(DataSettings.SHARED_DATA_PROPERTY, dir.resolve("absent").toString());
        DataSettings none = DataSettings.resolve(null, null, Map.of(), props);
        assertNull(none.mirror(), "an absent ../shared/data is no mirror");
        assertEquals(dir.resolve(".cache/nanogrid"), none.cacheDir());
        BadInputException e = assertThrows(BadInputException.class, () -> DataSettings.resolve(null, null,
                Map.of(DataSettings.MIRROR_ENV, dir.resolve("absent").toString()), props));
        assertTrue(e.getMessage().startsWith(DataSettings.MIRROR_ENV + ": "), e.getMessage());
        assertThrows(BadInputException.class, () -> Mirror.parse("http://", "--mirror"));
    }
}
