package io.nanogrid.engine.cli;

/** Entry point of the device jar: `java -jar nanogrid-device-linux-x64.jar serve grid.ngrid`. */
public final class DeviceMain {
    private DeviceMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Integer child = ServeHeap.runInChild(args, DeviceMain.class.getName());
        System.exit(child != null ? child : Cli.execute(new DeviceCommand(), args));
    }
}
