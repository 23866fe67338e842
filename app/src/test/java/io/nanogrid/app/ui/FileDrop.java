package io.nanogrid.app.ui;

import com.sun.javafx.scene.input.DragboardHelper;
import com.sun.javafx.tk.TKClipboard;
import java.nio.file.Path;
import java.security.AccessControlContext;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.scene.image.Image;
import javafx.scene.input.DataFormat;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.util.Pair;

/**
 * The dragboard of files dragged in from the file manager. JavaFX's own local clipboard refuses to
 * name transfer modes outside a real platform drag, so this minimal clipboard stands in for the
 * platform's; the drop handler under test reads it through the public Dragboard API.
 */
final class FileDrop implements TKClipboard {
    private final Map<DataFormat, Object> content = new HashMap<>();

    static Dragboard of(List<Path> files) {
        FileDrop clip = new FileDrop();
        clip.content.put(DataFormat.FILES, files.stream().map(Path::toFile).toList());
        Dragboard db = DragboardHelper.createDragboard(clip);
        DragboardHelper.setDataAccessRestriction(db, false);
        return db;
    }

    @Override
    public void setSecurityContext(AccessControlContext ctx) {
    }

    @Override
    public Set<DataFormat> getContentTypes() {
        return content.keySet();
    }

    @SafeVarargs
    @Override
    public final boolean putContent(Pair<DataFormat, Object>... items) {
        for (Pair<DataFormat, Object> p : items) {
            content.put(p.getKey(), p.getValue());
        }
        return true;
    }

    @Override
    public Object getContent(DataFormat format) {
        return content.get(format);
    }

    @Override
    public boolean hasContent(DataFormat format) {
        return content.containsKey(format);
    }

    @Override
    public Set<TransferMode> getTransferModes() {
        return EnumSet.of(TransferMode.COPY);
    }

    @Override
    public void setDragView(Image image) {
    }

    @Override
    public void setDragViewOffsetX(double x) {
    }

    @Override
    public void setDragViewOffsetY(double y) {
    }

    @Override
    public Image getDragView() {
        return null;
    }

    @Override
    public double getDragViewOffsetX() {
        return 0;
    }

    @Override
    public double getDragViewOffsetY() {
        return 0;
    }
}
