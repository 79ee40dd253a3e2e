/**
 * The template service ({@link io.logspout.template.GoTemplates}): logspout's templates
 * ({@code RAW_FORMAT}, {@code SYSLOG_*}) in Go's text/template language, giving the bytes Go
 * logspout gave, with Pebble as the engine underneath.
 *
 * <h2>How a template is compiled</h2>
 * <ol>
 *   <li>{@code GoTemplateParser} reads the source as Go's parser does: text, actions, trim
 *       markers, comments, pipelines, {@code if}/{@code range}/{@code with}, variables; it lexes
 *       each action with {@code GoTemplateLexer}, Go's lexer state machine.
 *       An action Go cannot read is kept as a Pebble expression.</li>
 *   <li>{@code PebbleTranslator} checks the template as Go would (unknown fields, argument
 *       counts) and writes Pebble source. Every bad template fails here, at compile time, as a
 *       {@link io.logspout.api.ConfigException} naming the setting.</li>
 *   <li>Literal text and field paths, optionally through {@code toJSON}, render through
 *       {@code FastTemplate}, a precompiled segment list that writes straight into the
 *       {@link io.logspout.api.Output}; everything else through the compiled Pebble template,
 *       into a per-thread reused builder ({@code RenderScratch}).</li>
 * </ol>
 * Both renderers compute values with the same {@code GoValues}, {@code GoFormat} ({@code %v})
 * and {@code GoJson} ({@code json.Marshal}), so they give identical bytes; tests render every
 * template both ways.
 *
 * <h2>Data model</h2>
 * {@code .Data} and {@code .Source} are strings; {@code .Time} is the message time
 * ({@link io.logspout.api.LogMessage#time()}) in the process's zone with Go's {@code Format},
 * {@code Unix}, {@code UnixMilli}, {@code UnixMicro}, {@code UnixNano}, {@code UTC},
 * {@code Local} and {@code String}; {@code .Container} is Docker's inspect object, in which the
 * fields {@link io.logspout.api.ContainerInfo} carries win (a renamed container shows its new
 * name). {@code .Container.X.Y} looks keys up exactly, then ignoring case ({@code .ID} finds
 * {@code Id}). The adapter's functions are further names on the message.
 *
 * <h2>Where it differs from Go logspout, on purpose</h2>
 * <ul>
 *   <li>{@code \n}, {@code \r}, {@code \t} and {@code \\} in literal text are interpreted, so
 *       {@code RAW_FORMAT={{ toJSON .Data }}\n} ends lines with a newline.</li>
 *   <li>Where Go stops the template with an execution error (a missing struct field, an index
 *       out of range, a field of a string), the value is missing instead and prints
 *       {@code <no value>}: a line is never lost to odd data.</li>
 *   <li>{@code .Container} is Docker's JSON, not go-dockerclient's struct: {@code toJSON} of it
 *       sorts keys, and typed fields such as {@code .Container.State.StartedAt} print as Docker's
 *       strings. {@code .Time} is Docker's timestamp of the line and prints without Go's
 *       monotonic clock suffix.</li>
 *   <li>An action that is not Go but a valid Pebble expression is accepted ({@code {{ Data | upper }}}).</li>
 * </ul>
 */
package io.logspout.template;
