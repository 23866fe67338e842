package io.nanogrid.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import io.fair_acc.dataset.DataSet;
import io.nanogrid.app.charts.FxDataSet;
import io.nanogrid.app.data.DataBar;
import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.main.MainWindow;
import io.nanogrid.app.monitor.MonitorView;
import io.nanogrid.app.monitor.MonitorViewModel;
import io.nanogrid.app.testing.EncoderGrids;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Shots;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.load.ReplayRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The live monitor on a grid with a shared encoder, headless under Monocle: the encoder's stage is charted as
 * a series of its own beside the routes, and exported with them.
 */
@ExtendWith(ApplicationExtension.class)
class EncoderMonitorUiTest {
    private static final List<Request> MIXED = List.of(new TextRequest("will it rain in Oslo tomorrow"),
            new TextRequest("play some jazz music"), new TextRequest("is the sky clear over Lima now"),
            new TextRequest("add this folk track to my playlist"));

    @TempDir
    static Path dir;
    private MainViewModel main;
    private MonitorViewModel vm;
    private Scene scene;

    @Start
    void start(Stage stage) throws Exception {
        Path grid = EncoderGrids.weatherAndMusic(Files.createTempDirectory(dir, "grid"));
        main = Workbenches.viewModel(Files.createTempDirectory(dir, "config"));
        main.open(grid);
        vm = new MonitorViewModel(main.session(), main.tasks(), g -> new ReplayRequests(MIXED, "four requests"));
        MonitorView view = new MonitorView(vm, new DataBar(main.labData(), DataBar::nativeDialogs));
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        view.getStylesheets().add(MainWindow.class.getResource("/io/nanogrid/app/workbench.css").toExternalForm());
        scene = new Scene(view, 1400, 880);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            vm.close();
            main.close();
        }).get(30, TimeUnit.SECONDS);
    }

    @Test
    void theEncoderStageIsASeriesOfItsOwn(FxRobot robot) throws Exception {
        Fx.waitUntil(() -> main.session().gridProperty().get() != null, "the encoder grid runs", 60);
        assertTrue(Fx.call(() -> vm.hasEncoder().get()));
        robot.clickOn("#monitor-start");
        Fx.waitUntil(() -> vm.running().get() && vm.requestsDone().get() > 200, "requests answered", 60);
        Fx.waitUntil(() -> vm.series().encoderLatency() != null
                && vm.series().encoderLatency()[0].getDataCount() > 5, "the encoder series has points", 60);
        FxDataSet[] encoder = Fx.call(() -> vm.series().encoderLatency());
        assertEquals("encoder stage p50", encoder[0].getName());
        List<String> shown = Fx.call(() -> vm.series().latencyShown().stream().map(DataSet::getName).toList());
        assertTrue(shown.contains("encoder stage p50") && shown.contains("encoder stage p99")
                && shown.contains("weather p50"), "the latency chart shows the encoder beside the routes: " + shown);
        MonitorView view = robot.lookup(".monitor").queryAs(MonitorView.class);
        List<String> drawn = Fx.call(() -> view.charts().get(0).getRenderers().get(0).getDatasets().stream()
                .map(DataSet::getName).toList());
        assertTrue(drawn.contains("encoder stage p50"), drawn.toString());
        assertTrue(Fx.call(() -> view.charts().get(0).getTitle()).contains("encoder"));
        double p50 = Fx.call(() -> encoder[0].get(DataSet.DIM_Y, encoder[0].getDataCount() - 1));
        assertTrue(p50 > 0, "milliseconds of the encoder's runs: " + p50);

        robot.clickOn("#monitor-stop");
        Fx.waitUntil(() -> !vm.running().get(), "stopped");
        WaitForAsyncUtils.waitForFxEvents();
        Shots.save(scene, "monitor-encoder");
        Path csv = dir.resolve("series.csv");
        robot.interact(() -> vm.exportCsv(csv));
        Fx.waitUntil(() -> vm.status().get().startsWith("Exported"), "exported");
        String header = Files.readAllLines(csv).get(0);
        assertTrue(header.contains("stage_encoder_p50_ms"), header);
    }
}
