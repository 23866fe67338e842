import java.lang.management.ManagementFactory;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The baseline of measure-startup.sh: a bare JavaFX window (a label in a 1400x880 stage) that prints the time
 * from the JVM's start to its first frame the way `nanogrid gui --measure-startup` does, then exits.
 * Compiled by the script with javac (a source launch would add the compiler's time) and run with the same
 * JavaFX jars on the class path as the workbench.
 */
public final class BareWindow {
    public static void main(String[] args) {
        Application.launch(Window.class, args);
    }

    /** The application (a nested class: JavaFX on the class path cannot launch a main class that extends it). */
    public static final class Window extends Application {
        @Override
        public void start(Stage stage) {
            stage.setScene(new Scene(new StackPane(new Label("bare JavaFX window")), 1400, 880));
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    stop();
                    long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                    System.out.println("first frame " + ms + " ms after the JVM started");
                    Platform.exit();
                }
            }.start();
            stage.show();
        }
    }
}
