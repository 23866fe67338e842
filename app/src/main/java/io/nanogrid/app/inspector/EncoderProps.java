package io.nanogrid.app.inspector;

import io.nanogrid.app.canvas.Badges;
import io.nanogrid.app.canvas.DesignerViewModel;
import io.nanogrid.app.canvas.EncoderNodes;
import io.nanogrid.app.models.ModelCatalog;
import io.nanogrid.engine.grid.EmbeddingSpec;
import io.nanogrid.engine.grid.EncoderSpec;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.TokenizerSpec;
import io.nanogrid.engine.inspect.ModelReport;
import io.nanogrid.engine.model.TensorDesc;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.controlsfx.control.PropertySheet;

/** The inspector's rows for the grid's shared encoder: its model, tokenizer, pooling, width and heads. */
final class EncoderProps {
    private EncoderProps() {
    }

    static void add(GridSpec s, DesignerViewModel vm, ModelCatalog catalog, List<PropertySheet.Item> items) {
        EncoderSpec enc = s.encoder();
        ModelReport report = vm.reportOf(enc.model());
        String problem = enc.model() == null || enc.model().isBlank() ? null
                : catalog.problem(vm.modelPath(enc.model()));
        TokenizerSpec tok = enc.input();
        EmbeddingSpec out = enc.output();
        items.add(Prop.readOnly("Encoder", "model file", "The encoder model, relative to the grid file", enc.model()));
        items.add(Prop.readOnly("Encoder", "tokenizer", "Its Hugging Face tokenizer.json, relative to the grid file",
                tok == null ? "none" : tok.tokenizer()));
        if (tok != null) {
            items.add(Prop.readOnly("Encoder", "max length", "The longest sequence in tokens, special tokens included; "
                    + (tok.truncation() ? "longer text is cut" : "longer text is refused"), tok.maxLength() + " tokens"));
        }
        items.add(Prop.readOnly("Encoder", "pooling", "How its token vectors become one vector per request",
                out.pooling() + (out.normalize() ? ", L2-normalized" : "")));
        Integer dims = EncoderNodes.dimensions(enc, report);
        items.add(Prop.readOnly("Encoder", "dimensions", "The width of the embedding the heads take",
                dims != null ? dims : report == null ? "inspecting..." : "not fixed by the model"));
        List<String> heads = new ArrayList<>(EncoderNodes.heads(s, vm::reportOf));
        if (EncoderNodes.routerIsHead(s, vm::reportOf)) {
            heads.add(0, "router");
        }
        items.add(Prop.readOnly("Encoder", "heads", "The router and experts that take its embedding (input kind "
                + "\"encoder\")", heads.isEmpty() ? "none yet" : String.join(", ", heads)));
        if (report == null) {
            if (problem != null) {
                items.add(Prop.readOnly("Model", "problem", "", problem));
            }
            return;
        }
        items.add(Prop.readOnly("Model", "bits", "Weight precision", Badges.bits(report)));
        items.add(Prop.readOnly("Model", "parameters", "Learned values", String.format("%,d", report.parameters())));
        items.add(Prop.readOnly("Model", "file bytes", "Size of the .onnx file", String.format("%,d",
                report.fileBytes())));
        items.add(Prop.readOnly("Model", "inputs", "", describe(report.inputs())));
        items.add(Prop.readOnly("Model", "outputs", "", describe(report.outputs())));
        if (problem != null) {
            items.add(Prop.readOnly("Model", "problem", "", problem));
        }
    }

    private static String describe(List<TensorDesc> tensors) {
        return tensors.stream().map(t -> t.name() + " " + t.describe()).collect(Collectors.joining("; "));
    }
}
