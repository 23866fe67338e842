package io.nanogrid.engine.features;

import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.Value;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Text through a Hugging Face tokenizer into a transformer's inputs: token ids, and the attention
 * mask and token type ids when the model has them, as int64 [1, n] (or [n]).
 */
final class TokenizerAdapter implements InputAdapter {
    private final HfTokenizer tokenizer;
    private final String ids;
    private final String mask;
    private final String types;
    private final boolean batched;

    /** @param mask null when the model has no attention mask input; likewise types */
    TokenizerAdapter(HfTokenizer tokenizer, String ids, String mask, String types, boolean batched) {
        this.tokenizer = tokenizer;
        this.ids = ids;
        this.mask = mask;
        this.types = types;
        this.batched = batched;
    }

    @Override
    public Map<String, Value> apply(Request request) {
        String text = Requests.text(request);
        if (text == null) {
            throw Requests.wrongKind("text", request);
        }
        HfTokenizer.Tokens tokens = tokenizer.encode(text);
        long[] shape = batched ? new long[] {1, tokens.ids().length} : new long[] {tokens.ids().length};
        Map<String, Value> out = new LinkedHashMap<>();
        out.put(ids, new LongTensor(shape, tokens.ids()));
        if (mask != null) {
            out.put(mask, new LongTensor(shape, tokens.attentionMask()));
        }
        if (types != null) {
            out.put(types, new LongTensor(shape, tokens.typeIds()));
        }
        return out;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
